import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeRow, fitEncoding, MAX_CATEGORIES, parseTabularCsv } from '$lib/core/data/tabular';
import { InputError } from '$lib/core/data/input-error';

const iris = readFileSync(new URL('../../../fixtures/iris.csv', import.meta.url), 'utf8');

describe('parseTabularCsv', () => {
	it('reads a spreadsheet: feature columns, the label last, an empty label meaning unlabelled', () => {
		const sut = parseTabularCsv('\uFEFFcolour,size,kind\r\nred,3,apple\r\n"green, light",4.5,\r\n\r\n');

		expect(sut.columns).toEqual(['colour', 'size']);
		expect(sut.labelColumn).toBe('kind');
		expect(sut.rows).toEqual([
			{ cells: ['red', '3'], label: 'apple' },
			{ cells: ['green, light', '4.5'], label: null }
		]);
	});

	it('reads the iris file whole', () => {
		const sut = parseTabularCsv(iris);

		expect(sut.rows).toHaveLength(150);
		expect(new Set(sut.rows.map((r) => r.label))).toEqual(new Set(['setosa', 'versicolor', 'virginica']));
	});

	it.each([
		['', /header row/],
		['only\n1\n', /header row/],
		['a,label\n', /no rows/],
		['a,b,label\n1,2,x\n3,y\n', /Row 3 has 2 cells; the header has 3/],
		['a,a,label\n1,2,x\n', /two columns named "a"/],
		['a,label\n"1,x\n', /could not be read/]
	])('refuses %j with a message that says what is wrong', (text, message) => {
		expect(() => parseTabularCsv(text)).toThrow(InputError);
		expect(() => parseTabularCsv(text)).toThrow(message);
	});
});

describe('fitEncoding and encodeRow', () => {
	it('standardises numeric columns and one-hot encodes the rest, missing cells neutral', () => {
		const table = parseTabularCsv('size,colour,label\n1,red,a\n3,blue,b\n,red,a\n');

		const encoding = fitEncoding(table);

		expect(encoding.width).toBe(3);
		expect(encoding.columns[0]).toEqual({ name: 'size', kind: 'numeric', mean: 2, std: 1 });
		expect([...encodeRow(encoding, ['3', 'red'])]).toEqual([1, 0, 1]); // values: blue, red
		expect([...encodeRow(encoding, ['', 'green'])]).toEqual([0, 0, 0]);
	});

	it('gives iris’s four measurements mean 0 and spread 1', () => {
		const table = parseTabularCsv(iris);
		const encoding = fitEncoding(table);
		const rows = table.rows.map((r) => encodeRow(encoding, r.cells));

		for (let c = 0; c < 4; c++) {
			const values = rows.map((r) => r[c]!);
			const mean = values.reduce((a, b) => a + b, 0) / values.length;
			expect(Math.abs(mean)).toBeLessThan(1e-5);
			expect(Math.sqrt(values.reduce((a, v) => a + v * v, 0) / values.length)).toBeCloseTo(1, 4);
		}
	});

	it('refuses a text column with too many values to be a category', () => {
		const text = 'name,label\n' + Array.from({ length: MAX_CATEGORIES + 1 }, (_, i) => `n${i},x`).join('\n');

		expect(() => fitEncoding(parseTabularCsv(text))).toThrow(/Column "name" has 51 different text values/);
	});
});
