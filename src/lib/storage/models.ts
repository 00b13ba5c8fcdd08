import type { ModelArtifactsData, ModelVersion } from '$lib/core/types';
import { db } from './db';

/** Stores a model version and its weights in one transaction. */
export async function saveModelVersion(meta: ModelVersion, artifacts: ModelArtifactsData): Promise<void> {
	const database = db();
	await database.transaction('rw', database.models, database.modelWeights, async () => {
		await database.models.put(meta);
		await database.modelWeights.put({ id: meta.id, ...artifacts });
	});
}

export async function loadModelWeights(id: string): Promise<ModelArtifactsData | undefined> {
	const row = await db().modelWeights.get(id);
	if (!row) return undefined;
	const { id: _, ...artifacts } = row;
	return artifacts;
}

export function listModelVersions(projectId: string): Promise<ModelVersion[]> {
	return db().models.where('[projectId+version]').between([projectId, 0], [projectId, Infinity]).reverse().toArray();
}

/** The newest model version of a project and its weights, if any. */
export async function latestModel(projectId: string): Promise<{ meta: ModelVersion; artifacts: ModelArtifactsData } | undefined> {
	const [meta] = await listModelVersions(projectId);
	if (!meta) return undefined;
	const artifacts = await loadModelWeights(meta.id);
	return artifacts ? { meta, artifacts } : undefined;
}

/**
 * Keeps one "current" row per project, overwritten as the model learns (snapshots every N updates
 * are a separate feature). `learnedThrough`: every sample change up to that time is in these weights,
 * so on opening only later labels need learning; the rest can always be re-derived from the labels.
 */
export function saveCurrentModel(
	projectId: string,
	version: number,
	backend: ModelVersion['backend'],
	artifacts: ModelArtifactsData,
	learnedThrough: number,
	classIds: string[],
	backboneId?: string
): Promise<void> {
	return saveModelVersion({ id: `${projectId}:current`, projectId, version, createdAt: learnedThrough, backend, classIds, backboneId }, artifacts);
}
