import { describe, expect, it } from 'vitest';
import { InputError } from '$lib/core/data/input-error';
import type { OverrideReason } from '$lib/core/types';
import { addClass, deleteClass } from '$lib/storage/classes';
import { db } from '$lib/storage/db';
import { recentEvents } from '$lib/storage/events';
import { createProject } from '$lib/storage/projects';
import { addEditedSample, addSamples, labelSample, labelSamples } from '$lib/storage/samples';
import { useFreshDb } from '../helpers/fresh-db';
import { newSample } from '../helpers/taught-project';

async function projectWithSamples(count = 3, name = 'P') {
	const project = await createProject(name, 'image');
	const robin = await addClass(project.id, 'Robin');
	const wren = await addClass(project.id, 'Wren');
	const samples = await addSamples(project.id, Array.from({ length: count }, (_, i) => newSample(`${i}.png`)), 'upload');
	return { project, robin, wren, ids: samples.map((s) => s.id) };
}

/** Every sample row and the number of log records, to show a refusal changed nothing. */
const snapshot = async () => ({ samples: await db().samples.toArray(), events: await db().events.count() });

const labelEvents = async (projectId: string) => (await recentEvents(projectId)).filter((e) => e.type === 'sample.label');

describe('relabelling many samples at once', () => {
	useFreshDb();

	it('labels them all, one logged act per changed sample, skipping those already in the class', async () => {
		const { project, robin, wren, ids } = await projectWithSamples();
		await labelSample(ids[1]!, robin.id, 'correct', 1);
		await labelSample(ids[2]!, wren.id, 'correct', 1);

		const sut = await labelSamples(ids, wren.id, 'bulk', 4);

		expect(sut.map(({ sampleId, previous }) => ({ sampleId, previous }))).toEqual([
			{ sampleId: ids[0], previous: null },
			{ sampleId: ids[1], previous: robin.id }
		]);
		expect((await db().samples.bulkGet(ids)).map((s) => s?.classId)).toEqual([wren.id, wren.id, wren.id]);
		expect((await labelEvents(project.id)).slice(0, 2).reverse()).toMatchObject([
			{ sampleId: ids[0], classId: wren.id, previous: null, via: 'bulk', modelVersion: 4 },
			{ sampleId: ids[1], classId: wren.id, previous: robin.id, via: 'bulk', modelVersion: 4 }
		]);
		expect(await labelEvents(project.id)).toHaveLength(4);
	});

	it('refuses the whole batch when one sample is missing', async () => {
		const { robin, ids } = await projectWithSamples();
		const before = await snapshot();

		await expect(labelSamples([ids[0]!, 'gone', ids[1]!], robin.id, 'bulk', 1)).rejects.toBeInstanceOf(InputError);

		expect(await snapshot()).toEqual(before);
	});

	it('refuses a class that has been deleted', async () => {
		const { robin, ids } = await projectWithSamples();
		await deleteClass(robin.id);
		const before = await snapshot();

		await expect(labelSamples(ids, robin.id, 'drag', 1)).rejects.toThrow(/class no longer exists/);

		expect(await snapshot()).toEqual(before);
	});

	it("refuses to give a sample another project's class", async () => {
		const mine = await projectWithSamples(2, 'Mine');
		const theirs = await projectWithSamples(1, 'Theirs');
		const before = await snapshot();

		await expect(labelSamples([...mine.ids, ...theirs.ids], mine.robin.id, 'bulk', 1)).rejects.toThrow(/its own project/);

		expect(await snapshot()).toEqual(before);
	});
});

describe('a reason for overriding a suggestion', () => {
	useFreshDb();

	it('is stored with the label, its text trimmed and control characters made spaces', async () => {
		const { project, robin, ids } = await projectWithSamples(1);

		await labelSample(ids[0]!, robin.id, 'correct', 1, undefined, { preset: 'other', text: '  looks\nlike\u0007a wren  ' });

		expect((await labelEvents(project.id))[0]?.reason).toEqual({ preset: 'other', text: 'looks like a wren' });
	});

	it.each([
		['an unknown preset', { preset: 'because' } as unknown as OverrideReason],
		['a text over 500 characters', { preset: 'other', text: 'x'.repeat(501) } as OverrideReason]
	])('refuses %s and writes nothing', async (_, reason) => {
		const { robin, ids } = await projectWithSamples(1);
		const before = await snapshot();

		await expect(labelSample(ids[0]!, robin.id, 'correct', 1, undefined, reason)).rejects.toBeInstanceOf(InputError);

		expect(await snapshot()).toEqual(before);
	});
});

describe('an edited copy of a sample', () => {
	useFreshDb();

	it("is a new sample with the original's label; the original stays as it was", async () => {
		const { project, robin, ids } = await projectWithSamples(1);
		await labelSample(ids[0]!, robin.id, 'correct', 1);
		const original = await db().samples.get(ids[0]!);

		const sut = await addEditedSample(ids[0]!, newSample('rotated.png'), 'rotate');

		expect(await db().samples.get(sut.id)).toMatchObject({ projectId: project.id, name: 'rotated.png', classId: robin.id, source: 'edit', editedFrom: ids[0] });
		expect(await db().samples.get(ids[0]!)).toEqual(original);
		expect((await recentEvents(project.id))[0]).toMatchObject({ type: 'sample.edit', sampleId: sut.id, from: ids[0], edit: 'rotate' });
	});

	it('refuses a missing original and writes nothing', async () => {
		await projectWithSamples(1);
		const before = await snapshot();

		await expect(addEditedSample('gone', newSample(), 'crop')).rejects.toBeInstanceOf(InputError);

		expect(await snapshot()).toEqual(before);
	});
});
