import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMissing, profileColumns } from '$lib/core/data/column-profile';
import { readCsvText } from '$lib/core/data/csv-table';

const iris = readFileSync(new URL('../../../fixtures/iris.csv', import.meta.url), 'utf8');

/** A table of one column `name` holding `cells`, beside an id column (a table needs two). */
const column = (cells: string[]) => readCsvText(['id,name', ...cells.map((cell, i) => `${i},${cell}`)].join('\n'));

describe('isMissing', () => {
	it.each(['', ' ', 'NA', 'n/a', 'NaN', 'null', 'NULL', '?', '-'])('counts %j as missing', (cell) => {
		expect(isMissing(cell)).toBe(true);
	});

	it.each(['0', 'none', 'no', '-1', 'nap'])('counts %j as a value', (cell) => {
		expect(isMissing(cell)).toBe(false);
	});
});

describe('profileColumns', () => {
	it('profiles iris: four measurements and the species', () => {
		const sut = profileColumns(readCsvText(iris));

		expect(sut.map((p) => p.suggested)).toEqual(['number', 'number', 'number', 'number', 'category']);
		expect(sut[0]).toMatchObject({ name: 'sepal_length', index: 0, missing: 0, distinct: 35 });
		expect(sut[0]!.number).toMatchObject({ min: 4.3, max: 7.9 });
		expect(sut[0]!.number!.mean).toBeCloseTo(5.8433, 3);
		expect(sut[0]!.number!.std).toBeCloseTo(0.8253, 3);
		expect(sut[4]).toMatchObject({ distinct: 3, top: [{ value: 'setosa', count: 50 }, { value: 'versicolor', count: 50 }, { value: 'virginica', count: 50 }] });
	});

	it('leaves missing cells out of the statistics and counts them', () => {
		const [, sut] = profileColumns(column(['1', 'NA', '3', '', '?']));

		expect(sut).toMatchObject({ suggested: 'number', missing: 3, distinct: 2, number: { min: 1, max: 3, mean: 2, std: 1 } });
	});

	it('suggests "empty" for a column of missing cells only', () => {
		const [, sut] = profileColumns(column(['NA', '', '-']));

		expect(sut).toMatchObject({ suggested: 'empty', missing: 3, distinct: 0, top: [] });
	});

	it('shows the five most common values, most common first', () => {
		const [, sut] = profileColumns(column(['b', 'a', 'b', 'c', 'd', 'e', 'f', 'f', 'b']));

		expect(sut!.top).toEqual([
			{ value: 'b', count: 3 },
			{ value: 'f', count: 2 },
			{ value: 'a', count: 1 },
			{ value: 'c', count: 1 },
			{ value: 'd', count: 1 }
		]);
	});

	it('suggests a date for ISO and year-first dates, with their range', () => {
		const [, sut] = profileColumns(column(['2024-03-01', '2023/12/31', '2024-03-01T08:30', '2024-1-5 17:05:09']));

		expect(sut).toMatchObject({ suggested: 'date', date: { min: '2023-12-31', max: '2024-03-01T08:30' } });
	});

	it.each([
		['day-first or month-first dates', ['03/04/2020', '04/05/2020']],
		['an impossible date', ['2021-02-30', '2021-02-01']],
		['numbers and words', ['1', 'two']],
		['hexadecimal', ['0x1F', '12']]
	])('suggests a category for %s', (_, cells) => {
		expect(profileColumns(column(cells))[1]!.suggested).toBe('category');
	});

	it('suggests a number for years and exponents', () => {
		expect(profileColumns(column(['2020', '1.5e3', '-.5']))[1]!.suggested).toBe('number');
	});
});
