import { describe, expect, it } from 'vitest';
import { profileColumns } from '$lib/core/data/column-profile';
import { readCsvText } from '$lib/core/data/csv-table';
import { InputError } from '$lib/core/data/input-error';
import { featureCells, fitSchema, labelOf, MAX_CATEGORIES, suggestChoice, validateChoice, type TabularChoice } from '$lib/core/data/tabular-schema';

const WEATHER = ['day,humidity,colour,sampled,kind', '1,80,red,2024-03-01,rain', '2,NA,blue,2024-03-02,dry', '3,40,red,,rain', '4,60,,2024-03-04,'].join('\n');

const choose = (features: [string, TabularChoice['features'][number]['type']][], label: string | null = 'kind'): TabularChoice => ({
	label,
	features: features.map(([name, type]) => ({ name, type }))
});

function refusal(text: string, choice: TabularChoice): string {
	const table = readCsvText(text);
	try {
		validateChoice(table, profileColumns(table), choice);
	} catch (error) {
		expect(error).toBeInstanceOf(InputError);
		return (error as Error).message;
	}
	throw new Error('expected an InputError');
}

describe('validateChoice', () => {
	it('accepts a sound choice', () => {
		const table = readCsvText(WEATHER);

		expect(() => validateChoice(table, profileColumns(table), choose([['humidity', 'number'], ['colour', 'category'], ['sampled', 'date']]))).not.toThrow();
	});

	it.each([
		['a label with one value', 'a,kind\n1,x\n2,x\n3,\n', choose([['a', 'number']]), 'The label column "kind" has only one value ("x"); a model needs at least two classes. Choose another label column, or none.'],
		['an empty label', 'a,kind\n1,\n2,\n', choose([['a', 'number']]), 'The label column "kind" is empty. Choose another label column, or none if the rows are not labelled yet.'],
		['no features', WEATHER, choose([]), 'Choose at least one feature column for the model to learn from.'],
		['the label as a feature', WEATHER, choose([['kind', 'category']]), '"kind" is the label column; it cannot also be a feature.'],
		['a column twice', WEATHER, choose([['day', 'number'], ['day', 'category']]), '"day" is chosen twice as a feature.'],
		['an unknown column', WEATHER, choose([['height', 'number']]), 'There is no column named "height".'],
		['an all-missing feature', 'a,gone,kind\n1,NA,x\n2,,y\n', choose([['gone', 'category']]), 'The column "gone" has no values (every cell is missing); leave it out of the features.'],
		['a number that is text', WEATHER, choose([['colour', 'number']]), 'The column "colour" cannot be a number: "red" is not a number. Use it as a category, or leave it out.'],
		['a date that is a number', WEATHER, choose([['humidity', 'date']]), /The column "humidity" cannot be a date: "80" is not a date written as YYYY-MM-DD/]
	])('refuses %s', (_, text, choice, message) => {
		if (typeof message === 'string') expect(refusal(text, choice)).toBe(message);
		else expect(refusal(text, choice)).toMatch(message);
	});

	it('refuses a category with too many values, suggesting a number where the cells are numbers', () => {
		const text = ['id,kind', ...Array.from({ length: MAX_CATEGORIES + 1 }, (_, i) => `${i},${i % 2}`)].join('\n');

		expect(refusal(text, choose([['id', 'category']]))).toBe(
			'The column "id" has 51 different values, too many for a category (at most 50): is it an id or free text? Leave it out, or use it as a number.'
		);
	});
});

describe('suggestChoice', () => {
	it('takes every usable column but the label, as its suggested type', () => {
		const table = readCsvText('a,gone,when,kind\n1,,2024-01-01,x\n2,,2024-01-02,y\n');

		expect(suggestChoice(profileColumns(table), 'kind')).toEqual(choose([['a', 'number'], ['when', 'date']]));
	});
});

describe('fitSchema', () => {
	const table = readCsvText(WEATHER);
	const sut = fitSchema(table, choose([['humidity', 'number'], ['colour', 'category'], ['sampled', 'date'], ['day', 'number']]));

	it('standardises numbers over their filled cells and flags a column with missing cells', () => {
		expect(sut.columns[0]).toEqual({ name: 'humidity', type: 'number', mean: 60, std: Math.sqrt(800 / 3), min: 40, max: 80, decimals: 0, missing: 1, flagged: true });
		expect(sut.columns[3]).toMatchObject({ name: 'day', mean: 2.5, missing: 0, flagged: false });
	});

	it('one-hot encodes categories in sorted order', () => {
		expect(sut.columns[1]).toEqual({ name: 'colour', type: 'category', values: ['blue', 'red'], missing: 1, flagged: true });
	});

	it('splits dates into standardised parts, the hour only when a cell has a time', () => {
		const date = sut.columns[2]!;

		expect(date).toMatchObject({ type: 'date', min: '2024-03-01', max: '2024-03-04', missing: 1, flagged: true });
		expect(date.type === 'date' && date.parts.map((p) => p.name)).toEqual(['year', 'month', 'day', 'weekday']);
		expect(date.type === 'date' && date.parts[0]).toEqual({ name: 'year', mean: 2024, std: 1 }); // constant: std 1, not 0
		const timed = fitSchema(readCsvText('t,k\n2024-03-01 08:00,a\n2024-03-01,b\n'), choose([['t', 'date']], 'k'));
		expect(timed.columns[0]!.type === 'date' && timed.columns[0]!.parts.map((p) => p.name)).toContain('hour');
	});

	it('names every encoded position', () => {
		expect(sut.features.map((f) => f.name)).toEqual([
			'humidity',
			'humidity is missing',
			'colour = blue',
			'colour = red',
			'colour is missing',
			'sampled (year)',
			'sampled (month)',
			'sampled (day)',
			'sampled (weekday)',
			'sampled is missing',
			'day'
		]);
		expect(sut.features.map((f) => f.column)).toEqual([0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 3]);
		expect(sut.width).toBe(11);
		expect(sut.label).toBe('kind');
	});

	it('reads a row’s feature cells in schema order and its label, missing as null', () => {
		expect(featureCells(table, sut, table.rows[0]!)).toEqual(['80', 'red', '2024-03-01', '1']);
		expect(table.rows.map((row) => labelOf(table, sut, row))).toEqual(['rain', 'dry', 'rain', null]);
		expect(labelOf(table, { ...sut, label: null }, table.rows[0]!)).toBeNull();
	});

	it('finds the columns by name in a file with another column order', () => {
		const other = readCsvText('kind,sampled,colour,day,humidity\ndry,2024-05-05,blue,9,55\n');

		expect(featureCells(other, sut, other.rows[0]!)).toEqual(['55', 'blue', '2024-05-05', '9']);
	});
});
