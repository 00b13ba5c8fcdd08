import { decimalsOf, isMissing, parseDate, parseNumber, type DateParts } from './cell-values';
import { numberStats, type ColumnType } from './column-profile';
import type { CsvTable } from './csv-table';
import { InputError } from './input-error';
import { encodeCells } from './tabular-encoding';
import type { DatePartName, SchemaColumn, TabularChoice, TabularSchema } from './tabular-types';

// Choosing, encoding and the types live in their own files; one import path serves the whole schema.
export { MAX_CATEGORIES, suggestChoice, validateChoice } from './tabular-choice';
export { checkCells, columnAttribution, encodeCells, missingReport } from './tabular-encoding';
export type { DatePartName, SchemaColumn, TabularChoice, TabularSchema } from './tabular-types';

/**
 * Numbers standardised (missing: the mean, i.e. 0), categories one-hot (missing: no bit), dates as
 * standardised parts; a column with any missing cell also gets an "is missing" input. Call
 * validateChoice first: a cell that does not read as its column's type is treated as missing.
 */
export function fitSchema(table: CsvTable, choice: TabularChoice): TabularSchema {
	const columns = choice.features.map(({ name, type }) => {
		const index = table.header.indexOf(name);
		if (index < 0) throw new InputError(`There is no column named "${name}".`);
		return fitColumn(name, type, table.rows.map((row) => row[index]!));
	});
	const features: TabularSchema['features'] = [];
	columns.forEach((column, c) => {
		const add = (name: string) => features.push({ column: c, name });
		if (column.type === 'number') add(column.name);
		else if (column.type === 'category') column.values.forEach((value) => add(`${column.name} = ${value}`));
		else column.parts.forEach((part) => add(`${column.name} (${part.name})`));
		if (column.flagged) add(`${column.name} is missing`);
	});
	return { label: choice.label, columns, width: features.length, features };
}

function fitColumn(name: string, type: ColumnType, cells: readonly string[]): SchemaColumn {
	const filled = cells.filter((cell) => !isMissing(cell));
	if (type === 'category') {
		const values = [...new Set(filled)].sort();
		return { name, type, values, missing: cells.length - filled.length, flagged: filled.length < cells.length };
	}
	if (type === 'number') {
		const readable = filled.filter((cell) => parseNumber(cell) !== undefined);
		const { mean, std, min, max } = numberStats(readable) ?? { mean: 0, std: 1, min: 0, max: 0 };
		const decimals = readable.reduce((most, cell) => Math.max(most, decimalsOf(cell)), 0);
		const missing = cells.length - readable.length;
		return { name, type, mean, std: steady(std), min, max, decimals, missing, flagged: missing > 0 };
	}
	const dates = filled.map(parseDate).filter((d): d is DateParts => d !== undefined);
	const names: DatePartName[] = ['year', 'month', 'day', 'weekday', ...(dates.some((d) => d.hasTime) ? (['hour'] as const) : [])];
	const parts = names.map((part) => {
		const { mean, std } = numberStats(dates.map((d) => String(d[part]))) ?? { mean: 0, std: 1 };
		return { name: part, mean, std: steady(std) };
	});
	const isos = dates.map((d) => d.iso).sort();
	const missing = cells.length - dates.length;
	return { name, type, parts, min: isos[0] ?? '', max: isos.at(-1) ?? '', missing, flagged: missing > 0 };
}

/** A constant column would divide by zero; with 1 it simply encodes as 0. */
function steady(std: number): number {
	return std > 1e-12 ? std : 1;
}

/** Where each schema column sits in a table's rows, worked out once per table header. */
const positions = new WeakMap<TabularSchema, { header: readonly string[]; indices: number[] }>();

function indicesIn(table: CsvTable, schema: TabularSchema): number[] {
	const known = positions.get(schema);
	if (known?.header === table.header) return known.indices;
	const indices = schema.columns.map((column) => table.header.indexOf(column.name));
	positions.set(schema, { header: table.header, indices });
	return indices;
}

/** The row's cells in schema.columns order ('' for a column the table lacks). */
export function featureCells(table: CsvTable, schema: TabularSchema, row: readonly string[]): string[] {
	return indicesIn(table, schema).map((index) => (index < 0 ? '' : (row[index] ?? '')));
}

/** Every row of the table as stored: its feature cells in schema order, the model's input made from them, and its label. */
export function encodeTable(table: CsvTable, schema: TabularSchema): { cells: string[]; features: Float32Array; label: string | null }[] {
	return table.rows.map((row) => {
		const cells = featureCells(table, schema, row);
		return { cells, features: encodeCells(schema, cells), label: labelOf(table, schema, row) };
	});
}

/** The row's label, trimmed; null when the schema has no label column or the cell is missing. */
export function labelOf(table: CsvTable, schema: TabularSchema, row: readonly string[]): string | null {
	if (schema.label === null) return null;
	const cell = row[table.header.indexOf(schema.label)];
	return cell === undefined || isMissing(cell) ? null : cell.trim();
}
