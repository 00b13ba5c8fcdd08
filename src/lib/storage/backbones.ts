import type { BackboneArtifacts, BackboneSpec } from '$lib/core/types';
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

/** Every imported extractor, newest first (descriptions only: the files stay on disk). */
export function listBackbones(): Promise<BackboneSpec[]> {
	return db().backbones.orderBy('createdAt').reverse().toArray();
}

export function watchBackbones(onChange: (list: BackboneSpec[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(listBackbones, onChange, onError);
}

/** An extractor's description and files, for the learner. */
export async function loadBackbone(id: string): Promise<{ spec: BackboneSpec; artifacts: BackboneArtifacts } | undefined> {
	const database = db();
	const [spec, row] = await Promise.all([database.backbones.get(id), database.backboneWeights.get(id)]);
	if (!spec || !row) return undefined;
	const { id: _, ...artifacts } = row;
	return { spec, artifacts };
}

/**
 * Switches the model a project learns with: an imported extractor's head, or (null) the from-scratch
 * CNN. Labels stay as they are; the new model learns them all.
 */
export async function setProjectBackbone(projectId: string, backboneId: string | null): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.projects, database.backbones, ...logTables(database)], async () => {
		const project = await database.projects.get(projectId);
		if (!project) throw new Error(`No project ${projectId}`);
		const from = project.backboneId ?? null;
		if (from === backboneId) return;
		if (backboneId && !(await database.backbones.get(backboneId))) throw new Error('That imported model is no longer on this device.');
		await database.projects.update(projectId, { backboneId: backboneId ?? undefined, updatedAt: Date.now() });
		await appendEvent(projectId, { type: 'project.model', from, to: backboneId });
	});
}
