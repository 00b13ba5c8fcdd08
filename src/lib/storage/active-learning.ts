import { DEFAULT_ACTIVE_LEARNING, type ActiveLearningSettings, type StoredEvent } from '$lib/core/types';
import { appendEvent } from './events';
import { db } from './db';
import { watch, type Unwatch } from './live';

/** Changes how a project asks the human (strategy, threshold, audit share), logged as an intervention. */
export async function setActiveLearning(projectId: string, patch: Partial<ActiveLearningSettings>): Promise<void> {
	const database = db();
	await database.transaction('rw', database.projects, database.events, async () => {
		const project = await database.projects.get(projectId);
		if (!project) throw new Error(`No project ${projectId}`);
		const from = { ...DEFAULT_ACTIVE_LEARNING, ...project.activeLearning };
		const to = { ...from, ...patch };
		if (JSON.stringify(from) === JSON.stringify(to)) return;
		await database.projects.update(projectId, { activeLearning: to, updatedAt: Date.now() });
		await appendEvent(projectId, { type: 'project.activeLearning', from, to });
	});
}

export interface AuditOutcomes {
	/** Audit picks the human labelled, and how many of them the model had right. */
	n: number;
	right: number;
	/** Human labels of any kind (audit or not), for "labels given". */
	labels: number;
}

/**
 * What the random audit picks say about the model: each labelled audit pick, counted once (its latest
 * label), is right when the human's class is the one the model suggested.
 */
export async function auditOutcomes(projectId: string): Promise<AuditOutcomes> {
	const events = (await db().events.where('projectId').equals(projectId).toArray()) as StoredEvent[];
	const latest = new Map<string, { audit: boolean; right: boolean }>();
	for (const e of events) {
		if (e.type !== 'sample.label') continue;
		if (e.via === 'undo' || !e.classId) {
			latest.delete(e.sampleId);
			continue;
		}
		latest.set(e.sampleId, { audit: !!e.query?.audit, right: e.query?.suggested === e.classId });
	}
	const audits = [...latest.values()].filter((o) => o.audit);
	return { n: audits.length, right: audits.filter((o) => o.right).length, labels: latest.size };
}

export function watchAuditOutcomes(projectId: string, onChange: (o: AuditOutcomes) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => auditOutcomes(projectId), onChange, onError);
}
