import { formatNumber, isMissing, listInWords, parseDate, parseNumber } from './cell-values';
import { InputError } from './input-error';
import type { TabularSchema } from './tabular-types';

/**
 * A row's cells (in schema.columns order) as the model takes them. Never throws: a cell that does not
 * read as its column's type counts as missing (the mean, and the flag where the column has one), and
 * a category value the schema has not seen sets no bit. Check a typed-in row with checkCells first.
 */
export function encodeCells(schema: TabularSchema, cells: readonly string[]): Float32Array {
	const out = new Float32Array(schema.width);
	let at = 0;
	schema.columns.forEach((column, c) => {
		const cell = cells[c] ?? '';
		let missing = isMissing(cell);
		if (column.type === 'number') {
			const value = missing ? undefined : parseNumber(cell);
			if (value === undefined) missing = true;
			else out[at] = (value - column.mean) / column.std;
			at += 1;
		} else if (column.type === 'category') {
			const index = missing ? -1 : column.values.indexOf(cell.trim());
			if (index >= 0) out[at + index] = 1;
			at += column.values.length;
		} else {
			const date = missing ? undefined : parseDate(cell);
			if (date === undefined) missing = true;
			else column.parts.forEach((part, k) => (out[at + k] = (date[part.name] - part.mean) / part.std));
			at += column.parts.length;
		}
		if (column.flagged) out[at++] = missing ? 1 : 0;
	});
	return out;
}

const SHOWN_VALUES = 12;

/** For the add-a-row form: throws InputError naming the first column whose cell the model could not read. Missing is allowed. */
export function checkCells(schema: TabularSchema, cells: readonly string[]): void {
	if (cells.length !== schema.columns.length) throw new Error(`Expected ${schema.columns.length} cells, got ${cells.length}.`);
	schema.columns.forEach((column, c) => {
		const cell = cells[c]!;
		if (isMissing(cell)) return;
		if (column.type === 'number' && parseNumber(cell) === undefined) throw new InputError(`${column.name} must be a number; "${cell}" is not one.`);
		if (column.type === 'date' && parseDate(cell) === undefined) {
			throw new InputError(`${column.name} must be a date written as YYYY-MM-DD (optionally with a time, HH:MM) or YYYY/MM/DD; "${cell}" is not one.`);
		}
		if (column.type === 'category' && !column.values.includes(cell.trim())) {
			const more = column.values.length > SHOWN_VALUES ? ', …' : '';
			throw new InputError(`${column.name} must be one of ${column.values.slice(0, SHOWN_VALUES).join(', ')}${more}.`);
		}
	});
}

/** What was done about missing cells, one line per column that had any. */
export function missingReport(schema: TabularSchema): string[] {
	return schema.columns
		.filter((column) => column.missing > 0)
		.map((column) => {
			const done =
				column.type === 'number'
					? `filled with the mean ${formatNumber(column.mean, column.decimals + 1)}`
					: column.type === 'category'
						? 'left without a category'
						: `filled with the average ${listInWords(column.parts.map((p) => p.name))}`;
			return `${column.name}: ${column.missing.toLocaleString('en')} missing, ${done} and flagged`;
		});
}

/** How much each column contributed to a per-input attribution: the signed sum over its positions, its missing flag included. */
export function columnAttribution(schema: TabularSchema, featureMap: Float32Array): { column: string; value: number }[] {
	if (featureMap.length !== schema.width) throw new Error(`Expected an attribution of ${schema.width} values, got ${featureMap.length}.`);
	const sums = schema.columns.map(() => 0);
	schema.features.forEach((feature, i) => (sums[feature.column]! += featureMap[i]!));
	return schema.columns.map((column, c) => ({ column: column.name, value: sums[c]! }));
}
