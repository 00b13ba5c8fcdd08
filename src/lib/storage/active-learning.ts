import { DEFAULT_ACTIVE_LEARNING, type ActiveLearningSettings } from '$lib/core/types';
import { appendEvent, logTables } from './events';
import { db } from './db';

/** Changes how a project asks the human (strategy, threshold, audit share), logged as an intervention. */
export async function setActiveLearning(projectId: string, patch: Partial<ActiveLearningSettings>): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.projects, ...logTables(database)], async () => {
		const project = await database.projects.get(projectId);
		if (!project) throw new Error(`No project ${projectId}`);
		const from = { ...DEFAULT_ACTIVE_LEARNING, ...project.activeLearning };
		const to = { ...from, ...patch };
		if (JSON.stringify(from) === JSON.stringify(to)) return;
		await database.projects.update(projectId, { activeLearning: to, updatedAt: Date.now() });
		await appendEvent(projectId, { type: 'project.activeLearning', from, to });
	});
}
