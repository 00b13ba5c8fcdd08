import type { TeachingHistory } from '$lib/core/quality/teaching-history';
import type { KeptModel } from '$lib/core/session/types';
import type { BackendName, ModelArtifactsData, ModelVersion } from '$lib/core/types';
import { watch, type Unwatch } from './live';
import { appendEvent } from './events';
import { db } from './db';

const currentId = (projectId: string) => `${projectId}:current`;

/** Stores a model version and its weights in one transaction. */
export async function saveModelVersion(meta: ModelVersion, artifacts: ModelArtifactsData): Promise<void> {
	const database = db();
	await database.transaction('rw', database.models, database.modelWeights, async () => {
		await database.models.put(meta);
		await database.modelWeights.put({ id: meta.id, ...artifacts });
	});
}

export async function loadModelWeights(id: string): Promise<ModelArtifactsData | undefined> {
	return (await loadWeightsRow(id))?.artifacts;
}

async function loadWeightsRow(id: string): Promise<{ artifacts: ModelArtifactsData; teaching?: TeachingHistory } | undefined> {
	const row = await db().modelWeights.get(id);
	if (!row) return undefined;
	const { id: _, teaching, ...artifacts } = row;
	return { artifacts, teaching };
}

export function listModelVersions(projectId: string): Promise<ModelVersion[]> {
	return db().models.where('[projectId+version]').between([projectId, 0], [projectId, Infinity]).reverse().toArray();
}

/** The live weights of a project (or, failing those, its newest kept version), if any, with the teaching's record kept with them. */
export async function latestModel(projectId: string): Promise<{ meta: ModelVersion; artifacts: ModelArtifactsData; teaching?: TeachingHistory } | undefined> {
	const meta = (await db().models.get(currentId(projectId))) ?? (await listModelVersions(projectId))[0];
	if (!meta) return undefined;
	const row = await loadWeightsRow(meta.id);
	return row ? { meta, ...row } : undefined;
}

/**
 * Keeps one "current" row per project, overwritten as the model learns (kept versions are
 * keepModelVersion's), and logs each change of version. `learnedThrough`: every sample change up to that time is in these weights,
 * so on opening only later labels need learning; the rest can always be re-derived from the labels.
 */
export function saveCurrentModel(
	projectId: string,
	version: number,
	backend: ModelVersion['backend'],
	artifacts: ModelArtifactsData,
	learnedThrough: number,
	classIds: string[],
	backboneId?: string,
	teaching?: TeachingHistory
): Promise<void> {
	const meta: ModelVersion = { id: currentId(projectId), projectId, version, createdAt: learnedThrough, backend, classIds, backboneId, trigger: 'current' };
	const database = db();
	// The audit trail records each change of the live model (version before and after) as the weights are stored.
	return database.transaction('rw', [database.models, database.modelWeights, database.events, database.auditHeads], async () => {
		const before = await database.models.get(meta.id);
		await database.models.put(meta);
		await database.modelWeights.put({ id: meta.id, ...artifacts, ...(teaching ? { teaching } : {}) });
		if (before && before.version !== version) await appendEvent(projectId, { type: 'model.update', from: before.version, to: version });
	});
}

/** The learner's few-label model handed over to a bigger network: a record in the audit trail. */
export function recordHandOver(projectId: string, handOver: { from: string; to: string; labels: number; version: number }): Promise<unknown> {
	return appendEvent(projectId, { type: 'model.handover', ...handOver });
}

/** Keeps a model version for good (every N updates, or when the human asks), logged in the same transaction. */
export async function keepModelVersion(projectId: string, model: KeptModel, trigger: 'auto' | 'manual', now = Date.now()): Promise<ModelVersion> {
	const { artifacts, version, classIds, backend, backboneId, accuracy, heldOut } = model;
	const meta: ModelVersion = { id: `${projectId}:v${version}`, projectId, version, createdAt: now, backend, classIds, backboneId, trigger, heldOut, ...(accuracy === undefined ? {} : { accuracy }) };
	const database = db();
	await database.transaction('rw', [database.models, database.modelWeights, database.events, database.auditHeads], async () => {
		await database.models.put(meta);
		await database.modelWeights.put({ id: meta.id, ...artifacts });
		await appendEvent(projectId, { type: 'model.snapshot', version, trigger, heldOut, ...(accuracy === undefined ? {} : { accuracy }) }, now);
	});
	return meta;
}

/** The versions kept for good, newest first (not the live weights). */
export async function listKeptVersions(projectId: string): Promise<ModelVersion[]> {
	return (await listModelVersions(projectId)).filter((m) => m.id !== currentId(projectId));
}

export function watchKeptVersions(projectId: string, onChange: (v: ModelVersion[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => listKeptVersions(projectId), onChange, onError);
}

/** Logs a rollback; the live weights are saved as usual afterwards. */
export async function recordRollback(projectId: string, from: number, to: number): Promise<void> {
	const database = db();
	await database.transaction('rw', database.events, database.auditHeads, () => appendEvent(projectId, { type: 'model.rollback', from, to }));
}
