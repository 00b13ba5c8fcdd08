import Papa from 'papaparse';
import { InputError } from './input-error';

/**
 * Spreadsheets: a CSV with a header row, one sample per row, the label in the last column (empty for
 * an unlabelled row). Each other column is numeric when every filled cell is a number, otherwise
 * categorical. The model takes a row as a vector: numeric columns standardised (a missing cell becomes
 * the column's mean, i.e. 0), categorical ones one-hot (a missing or unseen value sets no bit).
 */
export interface TabularTable {
	/** The feature columns' names, in file order (the label column excluded). */
	columns: string[];
	labelColumn: string;
	rows: { cells: string[]; label: string | null }[];
}

export type ColumnEncoding =
	| { name: string; kind: 'numeric'; mean: number; std: number }
	| { name: string; kind: 'categorical'; values: string[] };

/** How rows become model inputs; fitted on a table's rows, and stored with the project. */
export interface TabularEncoding {
	columns: ColumnEncoding[];
	/** The length of an encoded row. */
	width: number;
}

/** Categorical columns with more distinct values than this are refused: likely ids or free text. */
export const MAX_CATEGORIES = 50;
export const MAX_COLUMNS = 1000;

/** Parses a CSV file's text; throws InputError with what is wrong and where. */
export function parseTabularCsv(text: string): TabularTable {
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
	const fatal = parsed.errors.find((e) => e.type !== 'Delimiter');
	if (fatal) throw new InputError(`The CSV could not be read: ${fatal.message}${fatal.row !== undefined ? ` (row ${fatal.row + 1})` : ''}.`);
	const [header, ...body] = parsed.data;
	if (!header || header.length < 2) throw new InputError('The CSV needs a header row with at least one feature column and a label column (the last).');
	if (header.length > MAX_COLUMNS) throw new InputError(`The CSV has ${header.length} columns; at most ${MAX_COLUMNS} are supported.`);
	if (body.length === 0) throw new InputError('The CSV has a header but no rows.');
	const names = header.map((h) => h.trim());
	const duplicate = names.find((n, i) => names.indexOf(n) !== i);
	if (duplicate !== undefined) throw new InputError(`The CSV has two columns named "${duplicate}".`);
	const rows = body.map((cells, i) => {
		if (cells.length !== header.length) throw new InputError(`Row ${i + 2} has ${cells.length} cells; the header has ${header.length}.`);
		const label = cells.at(-1)!.trim();
		return { cells: cells.slice(0, -1).map((c) => c.trim()), label: label === '' ? null : label };
	});
	return { columns: names.slice(0, -1), labelColumn: names.at(-1)!, rows };
}

const isNumber = (cell: string) => cell !== '' && Number.isFinite(Number(cell));

/** Works out each column's kind and statistics from the rows. */
export function fitEncoding(table: TabularTable): TabularEncoding {
	const columns = table.columns.map((name, c): ColumnEncoding => {
		const filled = table.rows.map((r) => r.cells[c]!).filter((cell) => cell !== '');
		if (filled.length > 0 && filled.every(isNumber)) {
			const values = filled.map(Number);
			const mean = values.reduce((a, b) => a + b, 0) / values.length;
			const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
			return { name, kind: 'numeric', mean, std: std > 1e-12 ? std : 1 };
		}
		const values = [...new Set(filled)].sort();
		if (values.length > MAX_CATEGORIES) throw new InputError(`Column "${name}" has ${values.length} different text values; at most ${MAX_CATEGORIES} are supported for a category.`);
		return { name, kind: 'categorical', values };
	});
	const width = columns.reduce((w, c) => w + (c.kind === 'numeric' ? 1 : c.values.length), 0);
	if (width === 0) throw new InputError('The CSV has no usable feature column: every one is empty.');
	return { columns, width };
}

/** One row's cells as the model takes them. */
export function encodeRow(encoding: TabularEncoding, cells: readonly string[]): Float32Array {
	const out = new Float32Array(encoding.width);
	let at = 0;
	encoding.columns.forEach((column, c) => {
		const cell = cells[c] ?? '';
		if (column.kind === 'numeric') {
			out[at++] = isNumber(cell) ? (Number(cell) - column.mean) / column.std : 0;
		} else {
			const index = column.values.indexOf(cell);
			if (index >= 0) out[at + index] = 1;
			at += column.values.length;
		}
	});
	return out;
}
