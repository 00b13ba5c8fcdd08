import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { profileColumns } from '$lib/core/data/column-profile';
import { readCsvText } from '$lib/core/data/csv-table';
import { InputError } from '$lib/core/data/input-error';
import { checkCells, columnAttribution, encodeCells, featureCells, fitSchema, missingReport, suggestChoice } from '$lib/core/data/tabular-schema';

const iris = readFileSync(new URL('../../../fixtures/iris.csv', import.meta.url), 'utf8');

/** humidity 40/60/80 (one missing), colour red/blue (one missing), a date column with a time, none missing. */
function weatherSchema() {
	const table = readCsvText(['humidity,colour,sampled,kind', '80,red,2024-03-01 06:00,a', 'NA,blue,2024-03-02 12:00,b', '40,red,2024-03-03 18:00,a', '60,,2024-03-04 12:00,b'].join('\n'));
	return fitSchema(table, suggestChoice(profileColumns(table), 'kind'));
}

const rounded = (values: Float32Array) => [...values].map((v) => Math.round(v * 1000) / 1000);

describe('encodeCells', () => {
	const schema = weatherSchema();
	const humidityStd = Math.sqrt(800 / 3);

	it('standardises numbers, one-hot encodes categories, splits dates, and sets missing flags', () => {
		const sut = encodeCells(schema, ['80', 'red', '2024-03-02 12:00']);

		// humidity, flag | blue, red, flag | year, month, day, weekday (Saturday), hour (no flag: no date was missing)
		expect(rounded(sut)).toEqual(rounded(new Float32Array([20 / humidityStd, 0, 0, 1, 0, 0, 0, -0.5 / Math.sqrt(1.25), 3 / Math.sqrt(6.5), 0])));
	});

	it('fills a missing number with the mean and a missing category with no bit, flagging both', () => {
		const sut = encodeCells(schema, ['NA', '', '2024-03-02 12:00']);

		expect([...sut.slice(0, 5)]).toEqual([0, 1, 0, 0, 1]);
	});

	it('treats a cell it cannot read as missing and an unseen category as no bit, without throwing', () => {
		expect([...encodeCells(schema, ['damp', 'green', 'soon']).slice(0, 5)]).toEqual([0, 1, 0, 0, 0]);
	});

	it('gives iris’s four measurements mean 0 and spread 1', () => {
		const table = readCsvText(iris);
		const irisSchema = fitSchema(table, suggestChoice(profileColumns(table), 'species'));
		const rows = table.rows.map((row) => encodeCells(irisSchema, featureCells(table, irisSchema, row)));

		expect(irisSchema.width).toBe(4);
		for (let c = 0; c < 4; c++) {
			const values = rows.map((r) => r[c]!);
			expect(Math.abs(values.reduce((a, b) => a + b, 0) / values.length)).toBeLessThan(1e-5);
			expect(Math.sqrt(values.reduce((a, v) => a + v * v, 0) / values.length)).toBeCloseTo(1, 4);
		}
	});
});

describe('checkCells', () => {
	const schema = weatherSchema();

	it('accepts readable and missing cells', () => {
		expect(() => checkCells(schema, ['55.5', 'blue', '2024-04-01'])).not.toThrow();
		expect(() => checkCells(schema, ['', 'NA', ''])).not.toThrow();
	});

	it.each([
		[['damp', 'red', ''], 'humidity must be a number; "damp" is not one.'],
		[['50', 'green', ''], 'colour must be one of blue, red.'],
		[['50', 'red', '01/04/2024'], 'sampled must be a date written as YYYY-MM-DD (optionally with a time, HH:MM) or YYYY/MM/DD; "01/04/2024" is not one.']
	])('refuses %j, naming the column', (cells, message) => {
		expect(() => checkCells(schema, cells)).toThrow(InputError);
		expect(() => checkCells(schema, cells)).toThrow(message);
	});
});

describe('missingReport', () => {
	it('says per column how many cells were missing and what was done', () => {
		expect(missingReport(weatherSchema())).toEqual(['humidity: 1 missing, filled with the mean 60.0 and flagged', 'colour: 1 missing, left without a category and flagged']);
	});

	it('mentions a date column by its parts', () => {
		const table = readCsvText('t,k\n2024-03-01,a\n,b\n');
		const sut = missingReport(fitSchema(table, { label: 'k', features: [{ name: 't', type: 'date' }] }));

		expect(sut).toEqual(['t: 1 missing, filled with the average year, month, day and weekday and flagged']);
	});
});

describe('columnAttribution', () => {
	it('sums each column’s positions, its missing flag included, signed, in column order', () => {
		const schema = weatherSchema();
		const map = new Float32Array([1, 0.5, -1, 2, 0.25, 1, 1, 1, 1, -4]);

		expect(columnAttribution(schema, map)).toEqual([
			{ column: 'humidity', value: 1.5 },
			{ column: 'colour', value: 1.25 },
			{ column: 'sampled', value: 0 }
		]);
	});
});
