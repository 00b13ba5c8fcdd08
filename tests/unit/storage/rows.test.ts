import { describe, expect, it } from 'vitest';
import { readCsvText } from '$lib/core/data/csv-table';
import { InputError } from '$lib/core/data/input-error';
import { encodeTable, fitSchema } from '$lib/core/data/tabular-schema';
import { db } from '$lib/storage/db';
import { recentEvents } from '$lib/storage/events';
import { verifyAudit } from '$lib/storage/audit';
import { createProject } from '$lib/storage/projects';
import { addRows, type NewRow } from '$lib/storage/rows';
import { exportLabelledRows } from '$lib/storage/rows-export';
import { useFreshDb } from '../helpers/fresh-db';

const CSV = 'humidity,colour,site\n78,red,north\n41,"blue, dark",south\n,red,north\n';

function rowsOf(text: string) {
	const table = readCsvText(text);
	const schema = fitSchema(table, { label: 'site', features: [{ name: 'humidity', type: 'number' }, { name: 'colour', type: 'category' }] });
	const rows: NewRow[] = encodeTable(table, schema).map((row, i) => ({ ...row, name: `Row ${i + 1}` }));
	return { schema, rows };
}

const note = (text: string, label: string | null = null): NewRow => ({ name: text, text, features: new Float32Array([1, 0]), label });

describe('storing spreadsheet rows and notes', () => {
	useFreshDb();

	it('stores rows, their classes and the schema in one go, logged in a chain that verifies', async () => {
		const project = await createProject('Readings', 'tabular');
		const { schema, rows } = rowsOf(CSV);

		const sut = await addRows(project.id, rows, 'import', { schema });

		const classes = await db().classes.where('projectId').equals(project.id).sortBy('order');
		expect(classes.map((c) => c.name)).toEqual(['north', 'south']);
		expect(sut.map((s) => [s.cells, classes.find((c) => c.id === s.classId)?.name])).toEqual([
			[['78', 'red'], 'north'],
			[['41', 'blue, dark'], 'south'],
			[['', 'red'], 'north']
		]);
		expect(await sut[1]!.blob.text()).toBe('41,"blue, dark"');
		expect((await db().projects.get(project.id))?.tabular).toEqual(schema);
		expect((await recentEvents(project.id)).filter((e) => e.type === 'sample.add')).toHaveLength(2); // one per class
		expect((await verifyAudit(project.id)).ok).toBe(true);
	});

	it('refuses a second schema, or labels naming too many classes, and stores nothing', async () => {
		const project = await createProject('Readings', 'tabular');
		const { schema, rows } = rowsOf(CSV);
		await addRows(project.id, rows, 'import', { schema });
		const before = { samples: await db().samples.count(), events: await db().events.count() };

		await expect(addRows(project.id, rows, 'import', { schema })).rejects.toThrow(InputError);
		const many = Array.from({ length: 11 }, (_, i) => note(`n${i}`, `class ${i}`));
		const notes = await createProject('Notes', 'text');
		await expect(addRows(notes.id, many, 'import')).rejects.toThrow(/at most 10/);

		expect({ samples: await db().samples.count(), events: await db().events.count() }).toEqual({ samples: before.samples, events: before.events + 1 });
		expect(await db().classes.where('projectId').equals(notes.id).count()).toBe(0);
	});

	it('creates the classes a demo names even when no row is labelled', async () => {
		const project = await createProject('Notes', 'text');

		await addRows(project.id, [note('a fox'), note('a pump')], 'demo', { classes: ['wildlife', 'equipment'] });

		expect((await db().classes.where('projectId').equals(project.id).toArray()).map((c) => c.name).sort()).toEqual(['equipment', 'wildlife']);
		expect((await db().samples.toArray()).every((s) => s.classId === undefined && s.blob.type === 'text/plain')).toBe(true);
	});

	it('exports rows as a labelled CSV that reads back as the same rows, and notes as JSON Lines', async () => {
		const tabular = await createProject('Readings', 'tabular');
		const { schema, rows } = rowsOf(CSV);
		await addRows(tabular.id, rows, 'import', { schema });
		const text = await createProject('Notes', 'text');
		await addRows(text.id, [note('line one\n"quoted"', 'wildlife'), note('plain')], 'import');

		const csv = await exportLabelledRows(tabular.id);
		const jsonl = await exportLabelledRows(text.id);

		expect(csv.extension).toBe('csv');
		const again = rowsOf(await csv.file.text());
		expect(again.rows.map((r) => [r.cells, r.label])).toEqual(rows.map((r) => [r.cells, r.label]));
		expect(jsonl.extension).toBe('jsonl');
		expect((await jsonl.file.text()).trim().split('\n').map((l) => JSON.parse(l))).toEqual([
			{ text: 'line one\n"quoted"', label: 'wildlife' },
			{ text: 'plain', label: null }
		]);
		expect((await recentEvents(text.id))[0]).toMatchObject({ type: 'project.export', what: 'dataset' });
	});
});
