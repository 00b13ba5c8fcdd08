import type { FeatureStore } from '$lib/core/session/features';
import { db } from './db';

/** Where an imported extractor's features of a project's samples are kept, so a reopened project does not compute them again. */
export function featureStore(backboneId: string, projectId: string): FeatureStore {
	return {
		async load(sampleIds) {
			const rows = await db().features.bulkGet(sampleIds.map((id) => [backboneId, id]));
			return new Map(rows.flatMap((r) => (r ? [[r.sampleId, r.values]] : [])));
		},
		async save(features) {
			await db().features.bulkPut([...features].map(([sampleId, values]) => ({ backboneId, sampleId, projectId, values })));
		}
	};
}
