import { describe, expect, it } from 'vitest';
import { addClass, setGuideline } from '$lib/storage/classes';
import { readProjectZip } from '$lib/core/data/project-zip';
import { CURRENT_VERSION, db } from '$lib/storage/db';
import { recentEvents } from '$lib/storage/events';
import { createProject } from '$lib/storage/projects';
import { answerRecheck, keepLabel, pendingRechecks, recheckAnswers } from '$lib/storage/review';
import { addSamples, labelSample } from '$lib/storage/samples';
import { countLabelled, labelledIds } from '$lib/storage/sample-queries';
import { sliceMembers, tagSamples } from '$lib/storage/tags';
import { hashText } from '$lib/core/model/text-hashing';
import { noteFeatures, setMasking } from '$lib/storage/masking';
import { exportProject } from '$lib/storage/project-file';
import { addRows } from '$lib/storage/rows';
import { exportLabelledRows } from '$lib/storage/rows-export';
import { useFreshDb } from '../helpers/fresh-db';
import { newSample } from '../helpers/taught-project';

async function labelledProject() {
	const project = await createProject('P', 'image');
	const one = await addClass(project.id, 'one');
	const seven = await addClass(project.id, 'seven');
	const [a, b, c] = await addSamples(project.id, ['a.png', 'b.png', 'c.png'].map((n) => newSample(n)), 'upload');
	await labelSample(a!.id, one.id, 'correct', 1);
	await labelSample(b!.id, seven.id, 'correct', 2);
	return { project, one, seven, a: a!.id, b: b!.id, c: c!.id };
}

/** Every sample row and the number of log records, to show a refusal changed nothing. */
const snapshot = async () => ({ samples: await db().samples.toArray(), classes: await db().classes.toArray(), events: await db().events.count() });

describe('re-checks', () => {
	useFreshDb();

	it('logs an answer that agrees and changes nothing else', async () => {
		const { project, one, a } = await labelledProject();

		expect(await answerRecheck(a, one.id, 3)).toEqual({ agreed: true });

		expect((await db().samples.get(a))?.classId).toBe(one.id);
		expect(await pendingRechecks(project.id)).toEqual([]);
		expect(await recheckAnswers(project.id)).toMatchObject([{ type: 'sample.recheck', sampleId: a, earlier: one.id, answer: one.id, agreed: true }]);
	});

	it('sends an answer that differs to Review without changing the label, nor counting it as a label', async () => {
		const { project, one, seven, a } = await labelledProject();

		await answerRecheck(a, seven.id, 3);

		const stored = await db().samples.get(a);
		expect(stored?.classId).toBe(one.id);
		expect(await countLabelled(project.id)).toBe(2);
		expect((await pendingRechecks(project.id)).map((s) => s.recheck)).toMatchObject([{ earlier: one.id, answer: seven.id }]);
	});

	it('settles a waiting re-check by keeping the label, or by a new label', async () => {
		const { project, one, seven, a, b } = await labelledProject();
		await answerRecheck(a, seven.id, 3);
		await answerRecheck(b, one.id, 3);

		await keepLabel(a, 4);
		await labelSample(b, one.id, 'review', 4);

		expect(await pendingRechecks(project.id)).toEqual([]);
		expect((await db().samples.get(a))?.keptLabel).toBe(one.id);
		const [relabel, keep] = await recentEvents(project.id, 2);
		expect(keep).toMatchObject({ type: 'sample.review', sampleId: a, classId: one.id, why: 'recheck' });
		expect(relabel).toMatchObject({ type: 'sample.label', sampleId: b, classId: one.id, previous: seven.id, via: 'review' });
	});

	it('lists the labelled samples by their ids alone', async () => {
		const { project, a, b } = await labelledProject();

		expect((await labelledIds(project.id)).sort()).toEqual([a, b].sort());
	});

	it('refuses to re-check or keep an unlabelled sample, changing nothing', async () => {
		const { c, one } = await labelledProject();
		const before = await snapshot();

		await expect(answerRecheck(c, one.id, 1)).rejects.toThrow(/no label/);
		await expect(keepLabel(c, 1)).rejects.toThrow(/no label/);

		expect(await snapshot()).toEqual(before);
	});
});

describe('guidelines', () => {
	useFreshDb();

	it('keeps a class’s rule and typical samples, logging each edit with what it was', async () => {
		const { project, one, a } = await labelledProject();

		await setGuideline(one.id, 'a single stroke', [a]);
		await setGuideline(one.id, 'a single stroke, maybe a flag on top', [a]);

		expect((await db().classes.get(one.id))?.guideline).toEqual({ text: 'a single stroke, maybe a flag on top', typical: [a] });
		const [second, first] = (await recentEvents(project.id, 2)) as Extract<Awaited<ReturnType<typeof recentEvents>>[number], { type: 'class.guideline' }>[];
		expect(first).toMatchObject({ type: 'class.guideline', from: null, to: { text: 'a single stroke' } });
		expect(second).toMatchObject({ from: { text: 'a single stroke' }, to: { text: 'a single stroke, maybe a flag on top' } });
	});

	it('refuses an over-long rule or a sample of another project, changing nothing', async () => {
		const { one } = await labelledProject();
		const other = await createProject('Q', 'image');
		const [foreign] = await addSamples(other.id, [newSample('x.png')], 'upload');
		const before = await snapshot();

		await expect(setGuideline(one.id, 'x'.repeat(10_000), [])).rejects.toThrow(/at most 500 characters \(this one has 10,000\)/);
		await expect(setGuideline(one.id, 'ok', [foreign!.id])).rejects.toThrow(/one of this project/);

		expect(await snapshot()).toEqual(before);
	});
});

describe('tags', () => {
	useFreshDb();

	it('tags samples in bulk, logs it, and finds the samples that carry a tag', async () => {
		const { project, a, b, c } = await labelledProject();

		expect(await tagSamples(project.id, [a, b], ' night ', true)).toBe(2);
		expect(await tagSamples(project.id, [b, c], 'night', true)).toBe(1);
		await tagSamples(project.id, [a], 'night', false);

		expect((await sliceMembers(project.id, 'night', null)).sort()).toEqual([b, c].sort());
		const [untag, second] = await recentEvents(project.id, 2);
		expect(second).toMatchObject({ type: 'sample.tag', sampleIds: [c], tag: 'night', add: true });
		expect(untag).toMatchObject({ type: 'sample.tag', sampleIds: [a], add: false });
	});

	it('refuses an empty or 10,000-character tag, changing nothing; markup is stored as typed', async () => {
		const { project, a } = await labelledProject();
		const before = await snapshot();

		await expect(tagSamples(project.id, [a], '  ', true)).rejects.toThrow(/at least one letter/);
		await expect(tagSamples(project.id, [a], 'x'.repeat(10_000), true)).rejects.toThrow(/at most 40 characters/);
		expect(await snapshot()).toEqual(before);

		await tagSamples(project.id, [a], '<img src=x>', true);
		expect((await db().samples.get(a))?.tags).toEqual(['<img src=x>']);
	});
});

describe('slice members', () => {
	useFreshDb();

	it('finds a tag’s samples in this project only, and a spreadsheet’s category value without any tag', async () => {
		const { project, a, b } = await labelledProject();
		const other = await createProject('Q', 'image');
		const [foreign] = await addSamples(other.id, [newSample('x.png')], 'upload');
		await tagSamples(project.id, [a, b], 'dusk', true);
		await tagSamples(other.id, [foreign!.id], 'dusk', true);
		const sheet = await createProject('Sheet', 'tabular');
		const rows = await addRows(sheet.id, ['red', 'blue', 'red'].map((colour, i) => ({ name: `r${i}`, cells: [colour], features: new Float32Array(2), label: null })), 'import');
		const schema = { label: null, width: 2, features: [], columns: [{ name: 'colour', type: 'category' as const, values: ['red', 'blue'], missing: 0, flagged: false }] };

		expect((await sliceMembers(project.id, 'dusk', null)).sort()).toEqual([a, b].sort());
		expect((await sliceMembers(sheet.id, 'colour: red', schema)).sort()).toEqual([rows[0]!.id, rows[2]!.id].sort());
	});
});

describe('masking personal data in notes', () => {
	useFreshDb();

	const note = 'Call Jane on +44 20 7946 0958 or jane@example.org about the heron';

	async function notesProject() {
		const project = await createProject('Notes', 'text');
		const [stored] = await addRows(project.id, [{ name: 'n1', text: note, features: noteFeatures(note, false), label: null }], 'paste');
		return { project, id: stored!.id };
	}

	it('learns from the masked text when on, and from the whole text again when off; the stored text stays whole', async () => {
		const { project, id } = await notesProject();

		await setMasking(project.id, true);
		const masked = await db().samples.get(id);
		expect(masked?.text).toBe(note);
		expect([...masked!.features!]).toEqual([...hashText('Call Jane on [phone] or [email] about the heron')]);

		await setMasking(project.id, false);
		expect([...(await db().samples.get(id))!.features!]).toEqual([...hashText(note)]);
		const events = (await recentEvents(project.id, 2)).map((e) => e.type === 'project.masking' && e.on);
		expect(events).toEqual([false, true]);
	});

	it('masks what is exported, in the notes file and the project file', async () => {
		const { project } = await notesProject();
		await setMasking(project.id, true);

		const { file } = await exportLabelledRows(project.id);
		const text = await file.text();
		expect(text).toContain('Call Jane on [phone] or [email]');
		expect(text).not.toContain('jane@example.org');
		const contents = readProjectZip(new Uint8Array(await (await exportProject(project.id)).arrayBuffer()), CURRENT_VERSION);
		const [exported] = contents.samples;
		expect(exported?.text).toBe('Call Jane on [phone] or [email] about the heron');
		expect(new TextDecoder().decode(exported!.blob.bytes)).toBe(exported?.text);
		expect(JSON.stringify(exported)).not.toContain('jane@example.org');
	});

	it('learns new notes masked while the setting is on', async () => {
		const { project } = await notesProject();
		await setMasking(project.id, true);

		const [added] = await addRows(project.id, [{ name: 'n2', text: 'mail bob@example.com', features: noteFeatures('mail bob@example.com', false), label: null }], 'paste');

		expect([...added!.features!]).toEqual([...hashText('mail [email]')]);
	});
});
