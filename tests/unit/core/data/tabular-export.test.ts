import { describe, expect, it } from 'vitest';
import { profileColumns } from '$lib/core/data/column-profile';
import { readCsvText } from '$lib/core/data/csv-table';
import { featureCells, fitSchema, labelOf, suggestChoice } from '$lib/core/data/tabular-schema';
import { toLabelledCsv } from '$lib/core/data/tabular-export';

const ROWS = [
	{ cells: ['12.5', 'red, light', 'says "hi"'], label: 'a' },
	{ cells: ['-3', '=SUM(A1)', 'two\nlines'], label: null },
	{ cells: ['', '+1 tall', "it's"], label: 'b, c' },
	{ cells: ['7', '@home', ''], label: 'a' }
];

function schemaFor(label: string | null) {
	const table = readCsvText('height,colour,note,kind\n1,red,x,a\n2,blue,y,b\n');
	return fitSchema(table, { ...suggestChoice(profileColumns(table), 'kind'), label });
}

describe('toLabelledCsv', () => {
	it('reads back into the same cells and labels, with commas, quotes, newlines, formula-like cells and unlabelled rows', () => {
		const schema = schemaFor('kind');

		const sut = toLabelledCsv(schema, ROWS);
		const table = readCsvText(sut);
		const again = fitSchema(table, { label: 'kind', features: schema.columns.map((c) => ({ name: c.name, type: 'category' })) });

		expect(table.header).toEqual(['height', 'colour', 'note', 'kind']);
		expect(table.notes).toEqual([]);
		expect(table.rows.map((row) => featureCells(table, again, row))).toEqual(ROWS.map((r) => r.cells));
		expect(table.rows.map((row) => labelOf(table, again, row))).toEqual(ROWS.map((r) => r.label));
	});

	it('quotes only what needs it and leaves values exact', () => {
		expect(toLabelledCsv(schemaFor('kind'), ROWS.slice(0, 2))).toBe('height,colour,note,kind\r\n12.5,"red, light","says ""hi""",a\r\n-3,=SUM(A1),"two\nlines",');
	});

	it('calls the label column "label" when the project has none, avoiding a feature’s name', () => {
		expect(toLabelledCsv(schemaFor(null), []).split('\r\n')[0]).toBe('height,colour,note,label');
		const taken = { ...schemaFor(null), columns: [{ name: 'label', type: 'category' as const, values: [], missing: 0, flagged: false }] };
		expect(toLabelledCsv(taken, [])).toBe('label,label (2)\r\n');
	});
});
