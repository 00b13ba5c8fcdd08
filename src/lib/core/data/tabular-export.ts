import Papa from 'papaparse';
import type { TabularSchema } from './tabular-schema';

/**
 * The rows as a CSV that reads back into the same cells and labels: the feature columns in schema
 * order, then the label (an empty cell when unlabelled). Values are written exactly, quoted where
 * needed; no "'" is put before a cell starting with = + - @ to defuse spreadsheet formulas, as that
 * would change the value (and "-3" is a number). A row whose every cell is empty reads back as a
 * blank line, which readers skip.
 */
/** One row's cells as a line of CSV, quoted where needed (how a row is kept as a file). */
export function toCsvLine(cells: readonly string[]): string {
	return Papa.unparse([cells as string[]], { escapeFormulae: false });
}

export function toLabelledCsv(schema: TabularSchema, rows: readonly { cells: readonly string[]; label: string | null }[]): string {
	const names = schema.columns.map((column) => column.name);
	const fields = [...names, schema.label ?? freeName('label', names)];
	const data = rows.map((row) => [...row.cells, row.label ?? '']);
	return Papa.unparse({ fields, data }, { newline: '\r\n', escapeFormulae: false });
}

function freeName(base: string, taken: readonly string[]): string {
	let name = base;
	for (let n = 2; taken.includes(name); n++) name = `${base} (${n})`;
	return name;
}
