import type { BackboneArtifacts, BackboneSpec, ModelChoiceCheck } from '$lib/core/types';
import { modelFromUrl } from '$lib/core/data/model-files';
import { BUILTIN_BACKBONE, isBuiltinBackbone } from '$lib/core/model/builtin-backbone';
import { appendEvent, logTables } from './events';
import { db } from './db';
import { watch, type Unwatch } from './live';

/**
 * Stores an imported extractor (description and files in one transaction, logged), so it works
 * offline from then on, in every project on this device.
 */
export async function saveBackbone(spec: BackboneSpec, artifacts: BackboneArtifacts, projectId: string | null): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.backbones, database.backboneWeights, ...logTables(database)], async () => {
		await database.backbones.put(spec);
		await database.backboneWeights.put({ id: spec.id, ...artifacts });
		await appendEvent(projectId, { type: 'backbone.import', backboneId: spec.id, name: spec.name, format: spec.format, source: spec.source, bytes: spec.bytes });
	});
}

/** Every imported extractor, newest first (descriptions only: the files stay on disk); the built-in one is not listed. */
export async function listBackbones(): Promise<BackboneSpec[]> {
	return (await db().backbones.orderBy('createdAt').reverse().toArray()).filter((b) => !isBuiltinBackbone(b.id));
}

export function watchBackbones(onChange: (list: BackboneSpec[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(listBackbones, onChange, onError);
}

/**
 * An extractor's description and files, for the learner. The built-in backbone is read from the app's
 * own origin the first time (precached by the service worker, so that works offline too) and kept
 * with the imported ones.
 */
export async function loadBackbone(id: string): Promise<{ spec: BackboneSpec; artifacts: BackboneArtifacts } | undefined> {
	const database = db();
	const [spec, row] = await Promise.all([database.backbones.get(id), database.backboneWeights.get(id)]);
	if (!spec || !row) return isBuiltinBackbone(id) ? installBuiltinBackbone() : undefined;
	const { id: _, ...artifacts } = row;
	return { spec, artifacts };
}

async function installBuiltinBackbone(): Promise<{ spec: BackboneSpec; artifacts: BackboneArtifacts }> {
	const { artifacts } = await modelFromUrl(BUILTIN_BACKBONE.url!, location.origin);
	const spec = { ...BUILTIN_BACKBONE, createdAt: Date.now() };
	const database = db();
	await database.transaction('rw', [database.backbones, database.backboneWeights], async () => {
		await database.backbones.put(spec);
		await database.backboneWeights.put({ id: spec.id, ...artifacts });
	});
	return { spec, artifacts };
}

/**
 * Switches the model a project learns with: a head on the built-in backbone or an imported
 * extractor, or (null) the from-scratch CNN; the human chose it, so measurement no longer does. With
 * `measured`, the model is chosen by measurement again: it starts on the built-in backbone
 * (core/session/model-choice.ts). Labels stay as they are; the new model learns them all.
 */
export async function setProjectBackbone(projectId: string, backboneId: string | null, { measured = false } = {}): Promise<void> {
	const database = db();
	const to = measured ? BUILTIN_BACKBONE.id : backboneId;
	await database.transaction('rw', [database.projects, database.backbones, ...logTables(database)], async () => {
		const project = await database.projects.get(projectId);
		if (!project) throw new Error(`No project ${projectId}`);
		const from = project.backboneId ?? null;
		if (from === to && !!project.modelChoice === measured) return;
		if (to && !isBuiltinBackbone(to) && !(await database.backbones.get(to))) throw new Error('That imported model is no longer on this device.');
		await database.projects.update(projectId, { backboneId: to ?? undefined, modelChoice: measured ? { measured: true } : undefined, updatedAt: Date.now() });
		await appendEvent(projectId, { type: 'project.model', from, to, ...(measured ? { measured } : {}) });
	});
}

/**
 * Records a model choice's check (core/session/model-choice.ts) on a project whose model is chosen
 * by measurement; when the small CNN won, the project moves to it (logged with the figures), and its
 * learner opens on the pixels. The caller saves the learner's model first, so it opens on those weights.
 * Nothing when the human chose the model meanwhile.
 */
export async function recordModelChoice(projectId: string, check: ModelChoiceCheck): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.projects, ...logTables(database)], async () => {
		const project = await database.projects.get(projectId);
		if (!project?.modelChoice) return;
		const moves = check.chose === 'pixels' && !!project.backboneId;
		await database.projects.update(projectId, { modelChoice: { measured: true, last: check }, ...(moves ? { backboneId: undefined } : {}), updatedAt: Date.now() });
		if (moves) await appendEvent(projectId, { type: 'project.model', from: project.backboneId!, to: null, measured: true, check });
	});
}
