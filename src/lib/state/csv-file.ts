import Papa from 'papaparse';
import { CsvCollector, pickEncoding, MAX_TABLE_ROWS, type CsvReadOptions, type CsvTable } from '$lib/core/data/csv-table';

/** Bytes read per step: large files stream through in pieces, with the page free between them. */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads a CSV file in chunks (a 200 MB file never sits in memory whole), reporting the share read.
 * Stops at the row cap with a note; a file that is not UTF-8 is read as Windows-1252, with a note.
 */
export async function readCsvFile(file: File, options: Partial<CsvReadOptions>, onProgress: (share: number) => void): Promise<CsvTable> {
	const { encoding, note } = pickEncoding(new Uint8Array(await file.slice(0, 1 << 16).arrayBuffer()));
	const collector = new CsvCollector({ delimiter: '', header: 'auto', maxRows: MAX_TABLE_ROWS, ...options });
	let failure: unknown;
	await new Promise<void>((resolve, reject) => {
		Papa.parse<string[]>(file, {
			encoding,
			delimiter: options.delimiter ?? '',
			skipEmptyLines: 'greedy',
			chunkSize: CHUNK_BYTES,
			chunk(results, parser) {
				try {
					if (!collector.add(results.data, { delimiter: results.meta.delimiter })) parser.abort();
					onProgress(Math.min(1, results.meta.cursor / Math.max(1, file.size)));
				} catch (error) {
					failure = error;
					parser.abort();
				}
			},
			complete: () => resolve(),
			error: (error) => reject(new Error(`The file could not be read: ${error.message}`))
		});
	});
	if (failure) throw failure;
	const table = collector.finish();
	if (note) table.notes.unshift(note);
	onProgress(1);
	return table;
}

/** A text file's contents, read as UTF-8, or as Windows-1252 when it is not (with the note saying so). */
export async function readTextFile(file: File): Promise<{ text: string; note?: string }> {
	const bytes = new Uint8Array(await file.arrayBuffer());
	const { encoding, note } = pickEncoding(bytes);
	return { text: new TextDecoder(encoding).decode(bytes), note: note && `${file.name}: ${note}` };
}
