import { isMissing, parseDate, parseNumber } from './cell-values';
import type { CsvTable } from './csv-table';

export { isMissing } from './cell-values';

export type ColumnType = 'number' | 'category' | 'date';

/** What the import preview shows about one column, and the type it suggests. */
export interface ColumnProfile {
	name: string;
	index: number;
	/** 'empty' when every cell is missing. */
	suggested: ColumnType | 'empty';
	missing: number;
	/** Distinct filled values. */
	distinct: number;
	number?: { min: number; max: number; mean: number; std: number };
	/** ISO dates (with a time when the cells have one). */
	date?: { min: string; max: string };
	/** Up to 5 most common filled values, most common first. */
	top: { value: string; count: number }[];
}

const TOP_VALUES = 5;

export function profileColumns(table: CsvTable): ColumnProfile[] {
	return table.header.map((name, index) => profileColumn(name, index, table.rows.map((row) => row[index]!)));
}

function profileColumn(name: string, index: number, cells: string[]): ColumnProfile {
	const filled = cells.filter((cell) => !isMissing(cell));
	const counts = new Map<string, number>();
	for (const cell of filled) counts.set(cell, (counts.get(cell) ?? 0) + 1);
	const top = [...counts]
		.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
		.slice(0, TOP_VALUES)
		.map(([value, count]) => ({ value, count }));
	const profile: ColumnProfile = { name, index, suggested: 'category', missing: cells.length - filled.length, distinct: counts.size, top };
	if (filled.length === 0) return { ...profile, suggested: 'empty' };
	const numbers = numberStats(filled);
	if (numbers) return { ...profile, suggested: 'number', number: numbers };
	const dates = dateRange(filled);
	if (dates) return { ...profile, suggested: 'date', date: dates };
	return profile;
}

/** Population statistics, the same the schema standardises with; undefined unless every cell is a number. */
export function numberStats(filled: readonly string[]): { min: number; max: number; mean: number; std: number } | undefined {
	let sum = 0;
	let min = Infinity;
	let max = -Infinity;
	const values: number[] = [];
	for (const cell of filled) {
		const value = parseNumber(cell);
		if (value === undefined) return undefined;
		values.push(value);
		sum += value;
		if (value < min) min = value;
		if (value > max) max = value;
	}
	const mean = sum / values.length;
	const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
	return { min, max, mean, std };
}

function dateRange(filled: readonly string[]): { min: string; max: string } | undefined {
	let min: string | undefined;
	let max: string | undefined;
	for (const cell of filled) {
		const iso = parseDate(cell)?.iso;
		if (iso === undefined) return undefined;
		// ISO strings sort as the dates do (a date-only one first on its day).
		if (min === undefined || iso < min) min = iso;
		if (max === undefined || iso > max) max = iso;
	}
	return { min: min!, max: max! };
}
