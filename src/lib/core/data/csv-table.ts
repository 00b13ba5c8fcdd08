import Papa from 'papaparse';
import { listInWords, plural } from './cell-values';
import { generatedNames, HEADER_SAMPLE_ROWS, looksLikeHeader, nameColumns } from './csv-header';
import { InputError } from './input-error';

export { pickEncoding, type CsvEncoding } from './text-encoding';

/** Rows read at most: enough to learn from, few enough to label and to keep in memory. Larger files are cut, with a note. */
export const MAX_TABLE_ROWS = 50_000;
export const MAX_COLUMNS = 1000;

export interface CsvReadOptions {
	/** '' lets Papa guess from the first rows. */
	delimiter: string;
	header: boolean | 'auto';
	maxRows: number;
}

export const DEFAULT_CSV_OPTIONS: CsvReadOptions = { delimiter: '', header: 'auto', maxRows: MAX_TABLE_ROWS };

export interface CsvTable {
	/** Trimmed, unique names; "column 1".. when the file has no header row. */
	header: string[];
	/** Data rows, each exactly header.length trimmed cells. */
	rows: string[][];
	/** Every fallback taken, in words for the user. */
	notes: string[];
	delimiter: string;
	truncated: boolean;
}

/** Papa's settings for reading `options`, streamed or whole, so both read a file alike. */
export function papaConfig(options: CsvReadOptions): { delimiter: string; skipEmptyLines: 'greedy' } {
	return { delimiter: options.delimiter, skipEmptyLines: 'greedy' };
}

const DELIMITER_NAMES: Record<string, string> = { ';': 'semicolons', '\t': 'tabs', '|': 'vertical bars', ' ': 'spaces' };

/**
 * Collects Papa's rows chunk by chunk. Nothing is kept from a file that fails: `finish` either
 * returns the whole table or throws InputError, so a half-imported file cannot happen.
 */
export class CsvCollector {
	readonly #options: CsvReadOptions;
	#delimiter = '';
	/** Rows held back until there are enough to tell whether the first is a header. */
	#pending: string[][] | undefined = [];
	#header: string[] | undefined;
	#headerNotes: string[] = [];
	#rows: string[][] = [];
	#seen = 0;
	#ragged: number[] = [];
	#raggedLengths = new Set<number>();
	#undecodable = 0;
	#truncated = false;
	#unusable = false;

	constructor(options: CsvReadOptions) {
		this.#options = options;
	}

	/** Returns false once no more rows are wanted (the row cap was passed, or the header is unusable): abort the parser then. */
	add(rows: string[][], meta: { delimiter: string }): boolean {
		this.#delimiter ||= meta.delimiter;
		for (const raw of rows) {
			if (this.#truncated || this.#unusable) break;
			const row = raw.map((cell, i) => (this.#seen === 0 && i === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim());
			if (row.every((cell) => cell === '')) continue;
			this.#seen++;
			if (this.#pending) {
				this.#pending.push(row);
				if (this.#pending.length > HEADER_SAMPLE_ROWS) this.#settleHeader();
			} else this.#addData(row, this.#seen);
		}
		return !this.#truncated && !this.#unusable;
	}

	finish(): CsvTable {
		this.#settleHeader();
		const header = this.#header;
		if (!header) throw new InputError('The file is empty.');
		if (header.length < 2) throw new InputError('Only one column was found. Is the file separated by commas, semicolons or tabs?');
		if (header.length > MAX_COLUMNS) throw new InputError(`The file has ${plural(header.length, 'column')}; at most ${MAX_COLUMNS.toLocaleString('en')} are supported.`);
		const ragged = this.#ragged.length;
		if (ragged * 2 > ragged + this.#rows.length) {
			throw new InputError(`${ragged.toLocaleString('en')} of ${plural(ragged + this.#rows.length, 'row')} do not have as many cells as the header (${header.length}): is the delimiter right?`);
		}
		if (this.#rows.length === 0) throw new InputError('The file has a header row but no data rows.');
		return { header, rows: this.#rows, notes: this.#notes(header.length), delimiter: this.#delimiter || ',', truncated: this.#truncated };
	}

	#settleHeader(): void {
		const pending = this.#pending;
		if (!pending || pending.length === 0) return;
		this.#pending = undefined;
		const [first, ...below] = pending as [string[], ...string[][]];
		const { header } = this.#options;
		const isHeader = header === 'auto' ? looksLikeHeader(first, below) : header;
		if (isHeader) {
			const { names, notes } = nameColumns(first);
			this.#header = names;
			this.#headerNotes = notes;
		} else {
			this.#header = generatedNames(first.length);
			if (header === 'auto') this.#headerNotes = [`No header row was found; the columns are named column 1 to column ${first.length}.`];
		}
		this.#unusable = this.#header.length < 2 || this.#header.length > MAX_COLUMNS;
		pending.forEach((row, i) => {
			if (i > 0 || !isHeader) this.#addData(row, i + 1);
		});
	}

	#addData(cells: string[], rowNumber: number): void {
		const width = this.#header!.length;
		// A delimiter at the end of every line (common in exports) adds an empty cell the header lacks.
		const row = cells.length > width && cells.slice(width).every((cell) => cell === '') ? cells.slice(0, width) : cells;
		if (row.length !== width) {
			this.#ragged.push(rowNumber);
			this.#raggedLengths.add(row.length);
			return;
		}
		if (this.#rows.length >= this.#options.maxRows) {
			this.#truncated = true;
			return;
		}
		for (const cell of row) if (cell.includes('\uFFFD')) this.#undecodable++;
		this.#rows.push(row);
	}

	#notes(width: number): string[] {
		const notes: string[] = [];
		const delimiter = this.#delimiter || ',';
		if (this.#options.delimiter === '' && delimiter !== ',') notes.push(`Columns are separated by ${DELIMITER_NAMES[delimiter] ?? `"${delimiter}"`}.`);
		notes.push(...this.#headerNotes);
		const ragged = this.#ragged.length;
		if (ragged > 0) {
			const lengths = [...this.#raggedLengths];
			const have = lengths.length === 1 ? `${ragged === 1 ? 'has' : 'have'} ${plural(lengths[0]!, 'cell')}, the header has ${width}` : `do not have ${width} cells like the header`;
			notes.push(`${plural(ragged, 'row')} ${ragged === 1 ? 'was' : 'were'} skipped: ${ragged === 1 ? 'row' : 'rows'} ${listInWords(this.#ragged)} ${have}.`);
		}
		if (this.#undecodable > 0) {
			notes.push(`${plural(this.#undecodable, 'cell')} had characters that are not UTF-8 text; they show as �. Was the file saved in another encoding?`);
		}
		if (this.#truncated) notes.push(`Only the first ${this.#options.maxRows.toLocaleString('en')} rows were read; the file has more.`);
		return notes;
	}
}

/** Reads a whole CSV text at once (tests, the demo); a File is streamed through a CsvCollector instead. */
export function readCsvText(text: string, options: Partial<CsvReadOptions> = {}): CsvTable {
	const full = { ...DEFAULT_CSV_OPTIONS, ...options };
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), papaConfig(full));
	const collector = new CsvCollector(full);
	collector.add(parsed.data, parsed.meta);
	return collector.finish();
}
