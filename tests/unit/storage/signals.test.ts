import { describe, expect, it } from 'vitest';
import { addClass } from '$lib/storage/classes';
import { db } from '$lib/storage/db';
import { recentEvents } from '$lib/storage/events';
import { createProject } from '$lib/storage/projects';
import { addSamples } from '$lib/storage/samples';
import { rateSample, recordSignal, signalEvents as sut } from '$lib/storage/signals';
import { useFreshDb } from '../helpers/fresh-db';
import { newSample, taughtProject } from '../helpers/taught-project';

async function projectWithSample(name = 'P') {
	const project = await createProject(name, 'image');
	const robin = await addClass(project.id, 'Robin');
	const [sample] = await addSamples(project.id, [newSample()], 'upload');
	return { project, robin, sample: sample! };
}

describe('ratings and implicit signals', () => {
	useFreshDb();

	it('logs a rating on the sample\'s own project', async () => {
		const other = await projectWithSample('Other');
		const { project, robin, sample } = await projectWithSample();

		await rateSample(sample.id, robin.id, 'down', 3);

		expect((await recentEvents(project.id))[0]).toMatchObject({ type: 'sample.rate', sampleId: sample.id, classId: robin.id, rating: 'down', modelVersion: 3 });
		expect((await recentEvents(other.project.id)).map((e) => e.type)).not.toContain('sample.rate');
	});

	it('logs an implicit signal with its duration rounded to a whole millisecond', async () => {
		const { project, robin, sample } = await projectWithSample();

		await recordSignal(sample.id, 'dwell', robin.id, 2, 1234.6);
		await recordSignal(sample.id, 'skip', null, 2);

		const [skip, dwell] = await recentEvents(project.id);
		expect(dwell).toMatchObject({ type: 'sample.signal', sampleId: sample.id, classId: robin.id, signal: 'dwell', modelVersion: 2, ms: 1235 });
		expect(skip).toMatchObject({ type: 'sample.signal', classId: null, signal: 'skip' });
		expect(skip).not.toHaveProperty('ms');
	});

	it('refuses a sample that no longer exists and writes nothing', async () => {
		const { robin } = await projectWithSample();
		const before = await db().events.count();

		await expect(rateSample('gone', robin.id, 'up', 1)).rejects.toThrow(/no longer exists/);
		await expect(recordSignal('gone', 'hover', robin.id, 1, 10)).rejects.toThrow(/no longer exists/);

		expect(await db().events.count()).toBe(before);
	});

	it('reads back only the acts signal fusion learns from, of one project, in log order', async () => {
		const { project, robin, samples: [a, b] } = await taughtProject();
		const other = await projectWithSample('Other');
		await rateSample(a!.id, robin.id, 'up', 2);
		await rateSample(other.sample.id, other.robin.id, 'up', 2);
		await recordSignal(b!.id, 'hover', robin.id, 2, 40);

		const events = await sut(project.id);

		expect(events.map((e) => e.type)).toEqual(['sample.label', 'sample.label', 'sample.reject', 'sample.rate', 'sample.signal']);
		expect(events.every((e) => e.projectId === project.id)).toBe(true);
	});
});
