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
