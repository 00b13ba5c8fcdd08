import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectSession } from '$lib/core/session/project-session';
import type { Sample } from '$lib/core/types';
import { db } from '$lib/storage/db';
import { createProject } from '$lib/storage/projects';
import { LOAD_PAGE, loadProject as sut } from '$lib/worker/session-loader';
import { DIGIT_CLASSES, digitExamples } from '../helpers/digits';
import { useFreshDb } from '../helpers/fresh-db';
import { disposeAfterEach } from '../helpers/sessions';
import { useWasm } from '../helpers/wasm';

const keep = disposeAfterEach();

/** `count` stored digits made one millisecond apart from `at`, unlabelled. */
function stored(projectId: string, count: number, at: number): Sample[] {
	return digitExamples(count).map((e, i) => ({ id: e.id, projectId, name: `${e.id}.png`, blob: new Blob(['x']), input: e.input, source: 'upload', createdAt: at + i, updatedAt: at + i }));
}

async function readWhole(session: ProjectSession, projectId: string, changesFrom: number) {
	const steps = sut(session, { projectId, withImages: false, learnedUntil: -Infinity, changesFrom }, async () => {});
	for (;;) {
		const step = await steps.next();
		if (step.done) return step.value;
	}
}

describe('reading an opening project in the learner worker', () => {
	useFreshDb();
	beforeAll(useWasm);

	it('reads every sample a page at a time, and learns labels given after the saved model', async () => {
		const project = await createProject('Digits', 'image');
		const samples = stored(project.id, LOAD_PAGE + 20, 1000);
		samples[3]!.classId = DIGIT_CLASSES[0];
		await db().samples.bulkAdd(samples);
		const session = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES }));

		const news = await readWhole(session, project.id, Infinity);

		expect(session.pool.size).toBe(LOAD_PAGE + 20);
		expect(news.labels).toEqual([{ sampleId: 'd3', classId: DIGIT_CLASSES[0] }]);
	});

	it('leaves a sample changed since the page began following the database to the page: its label then arrives as news to learn at once', async () => {
		const project = await createProject('Digits', 'image');
		const samples = stored(project.id, 30, 1000);
		const pageOpened = 5000;
		samples[7] = { ...samples[7]!, classId: DIGIT_CLASSES[1], updatedAt: pageOpened + 10 }; // labelled by the human as the worker reads
		await db().samples.bulkAdd(samples);
		const session = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES }));

		const news = await readWhole(session, project.id, pageOpened);
		const act = await session.record({ changed: [{ id: 'd7', input: samples[7]!.input!, classId: DIGIT_CLASSES[1], updatedAt: pageOpened + 10 }] });

		expect(session.pool.size).toBe(30);
		expect(news.labels).toEqual([]);
		expect(act.labels).toEqual([{ sampleId: 'd7', classId: DIGIT_CLASSES[1] }]);
	});
});
