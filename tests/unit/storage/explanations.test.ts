import { describe, expect, it } from 'vitest';
import { INPUT_SIDE } from '$lib/core/model/input-size';
import { db } from '$lib/storage/db';
import { recentEvents } from '$lib/storage/events';
import { clearExplanation, paintExplanation } from '$lib/storage/explanations';
import { createProject } from '$lib/storage/projects';
import { addSamples } from '$lib/storage/samples';
import { useFreshDb } from '../helpers/fresh-db';

const CELLS = INPUT_SIDE * INPUT_SIDE;

/** A painting with the first `n` cells painted. */
const painting = (n: number, from = 0) => Uint8Array.from({ length: CELLS }, (_, i) => (i >= from && i < from + n ? 1 : 0));

async function projectWithSample() {
	const project = await createProject('Paint', 'image');
	const [sample] = await addSamples(project.id, [{ name: 'a.png', blob: new Blob(['x']), thumbnail: new Blob(['x']), input: new Uint8Array(CELLS) }], 'upload');
	return { project, sample: sample! };
}

describe('explanation feedback storage', () => {
	useFreshDb();

	it('stores a painting on the sample with its event, together', async () => {
		const { project, sample } = await projectWithSample();

		await paintExplanation(sample.id, painting(40), 'focus', 'sample', 3);

		const stored = await db().samples.get(sample.id);
		expect(stored?.attention).toMatchObject({ mode: 'focus', painted: painting(40) });
		expect((await recentEvents(project.id))[0]).toMatchObject({ type: 'sample.explanation', sampleId: sample.id, mode: 'focus', scope: 'sample', cells: 40, modelVersion: 3 });
	});

	it('adds "always ignore" paintings to the project region, cell by cell', async () => {
		const { project, sample } = await projectWithSample();

		await paintExplanation(sample.id, painting(10), 'ignore', 'always', 1);
		await paintExplanation(sample.id, painting(10, 100), 'ignore', 'always', 2);

		const region = (await db().projects.get(project.id))?.ignoreRegion?.painted;
		expect(region?.reduce((n, v) => n + v, 0)).toBe(20);
		expect((await db().samples.get(sample.id))?.attention).toBeUndefined();
	});

	it.each([
		['a wrong-sized painting', new Uint8Array(10), /cell by cell/],
		['values other than 0 and 1', painting(5).map((v) => v * 7), /cell by cell/],
		['an empty painting', painting(0), /nothing is painted/],
		['a painting of everything', painting(CELLS), /whole map is painted/]
	])('refuses %s and changes nothing', async (_, painted, message) => {
		const { project, sample } = await projectWithSample();
		const events = await db().events.count();

		await expect(paintExplanation(sample.id, painted, 'ignore', 'sample', 0)).rejects.toThrow(message);

		expect((await db().samples.get(sample.id))?.attention).toBeUndefined();
		expect((await db().projects.get(project.id))?.ignoreRegion).toBeUndefined();
		expect(await db().events.count()).toBe(events);
	});

	it('refuses "what matters" for every sample', async () => {
		const { sample } = await projectWithSample();

		await expect(paintExplanation(sample.id, painting(5), 'focus', 'always', 0)).rejects.toThrow(/Only a region that should not matter/);
	});

	it('takes feedback back, logging it', async () => {
		const { project, sample } = await projectWithSample();
		await paintExplanation(sample.id, painting(5), 'ignore', 'sample', 0);
		await paintExplanation(sample.id, painting(5), 'ignore', 'always', 0);

		await clearExplanation(project.id, sample.id, 1);
		await clearExplanation(project.id, null, 1);

		expect((await db().samples.get(sample.id))?.attention).toBeUndefined();
		expect((await db().projects.get(project.id))?.ignoreRegion).toBeUndefined();
		expect((await recentEvents(project.id)).slice(0, 2).map((e) => e.type)).toEqual(['sample.explanation.clear', 'sample.explanation.clear']);
	});
});
