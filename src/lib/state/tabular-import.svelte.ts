import { profileColumns, type ColumnProfile, type ColumnType } from '$lib/core/data/column-profile';
import type { CsvTable } from '$lib/core/data/csv-table';
import { InputError } from '$lib/core/data/input-error';
import { checkCells, encodeCells, encodeTable, fitSchema, missingReport, validateChoice, type TabularChoice, type TabularSchema } from '$lib/core/data/tabular-schema';
import { addRows, countRows, type NewRow } from '$lib/storage/rows';
import { readCsvFile } from './csv-file';
import { appErrors } from './errors.svelte';
import { runImport } from './run-import';
import { toasts } from './toasts.svelte';

/** What the label column's values become: the rows' labels, or only the classes (the human labels the rows). */
export type LabelUse = 'labels' | 'classes';

/**
 * A CSV import, step by step: read the file (streamed, with progress), show each column's statistics
 * and let the human choose the label, the features and their types, then store every row at once.
 * A spreadsheet project's first import fixes its columns; later imports are read with them.
 */
export class TabularImportState {
	progress = $state<number | null>(null);
	table = $state.raw<CsvTable | null>(null);
	profiles = $state.raw<ColumnProfile[]>([]);
	label = $state<string | null>(null);
	features = $state<{ name: string; type: ColumnType; use: boolean }[]>([]);
	labelUse = $state<LabelUse>('labels');
	delimiter = $state('');
	/** What the last import did about missing values and skipped rows, for the human to read. */
	report = $state.raw<string[]>([]);
	busy = $state(false);
	private file: File | null = null;

	constructor(
		private readonly projectId: string,
		/** The project's columns once its first import has fixed them. */
		private readonly schema: () => TabularSchema | null
	) {}

	/** Reads the file; on success the preview and the column choices are ready. Nothing is stored yet. */
	async read(file: File, delimiter = this.delimiter): Promise<void> {
		[this.file, this.delimiter, this.busy, this.progress] = [file, delimiter, true, 0];
		appErrors.clear();
		try {
			const table = await readCsvFile(file, { delimiter }, (share) => (this.progress = share));
			const profiles = profileColumns(table);
			const fixed = this.schema();
			[this.table, this.profiles] = [table, profiles];
			const last = profiles.at(-1)!;
			this.label = fixed ? fixed.label : last.suggested === 'category' ? last.name : null;
			// Every column is listed; the label column's row is simply not learned from (see `choice`).
			this.features = profiles.map((p) => {
				const known = fixed?.columns.find((c) => c.name === p.name);
				const type = known?.type ?? (p.suggested === 'empty' ? 'category' : p.suggested);
				return { name: p.name, type, use: fixed ? !!known : p.suggested !== 'empty' && p.name !== this.label };
			});
		} catch (error) {
			this.cancel();
			appErrors.show(error);
		} finally {
			[this.busy, this.progress] = [false, null];
		}
	}

	/** Reads the same file again with another delimiter. */
	async redo(delimiter: string): Promise<void> {
		if (this.file) await this.read(this.file, delimiter);
	}

	get choice(): TabularChoice {
		return { label: this.label, features: this.features.filter((f) => f.use && f.name !== this.label).map(({ name, type }) => ({ name, type })) };
	}

	/** Stores every row (and the classes the labels name) in one transaction; returns how many. */
	async commit(): Promise<number> {
		const table = this.table;
		if (!table) return 0;
		return runImport(this, async () => {
			const fixed = this.schema();
			const choice = this.choice;
			if (!fixed) validateChoice(table, this.profiles, choice);
			const schema = fixed ?? fitSchema(table, choice);
			const missing = schema.columns.filter((c) => !table.header.includes(c.name)).map((c) => c.name);
			if (missing.length) throw new InputError(`This project's rows have the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which this file lacks.`);
			const encoded = encodeTable(table, schema);
			const start = await countRows(this.projectId);
			const rows: NewRow[] = encoded.map((row, i) => ({ ...row, name: `Row ${start + i + 1}`, label: this.labelUse === 'labels' ? row.label : null }));
			const classes = [...new Set(encoded.map((r) => r.label).filter((l): l is string => l !== null))];
			await addRows(this.projectId, rows, 'import', { schema: fixed ? undefined : schema, classes });
			this.report = [...table.notes, ...missingReport(schema)];
			toasts.show(`Imported ${rows.length} row${rows.length === 1 ? '' : 's'}.`);
			this.cancel();
			return rows.length;
		});
	}

	/** Stores one typed-in row (cells in the schema's column order); false, with the message shown, if a value does not fit. */
	async addRow(raw: readonly string[], label: string | null): Promise<boolean> {
		const schema = this.schema();
		if (!schema) return false;
		appErrors.clear();
		try {
			const cells = raw.map((c) => c.trim());
			checkCells(schema, cells);
			const count = await countRows(this.projectId);
			await addRows(this.projectId, [{ name: `Row ${count + 1}`, cells, features: encodeCells(schema, cells), label }], 'form');
			return true;
		} catch (error) {
			appErrors.show(error);
			return false;
		}
	}

	cancel(): void {
		[this.table, this.profiles, this.features, this.file] = [null, [], [], null];
	}
}
