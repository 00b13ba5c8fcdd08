import { InputError } from '$lib/core/data/input-error';
import { checkText, noteName, textsFromCsv, textsFromFiles, textsFromJsonl, type TextBatch } from '$lib/core/data/text-input';
import { hashText } from '$lib/core/model/text-hashing';
import { addRows, type NewRow } from '$lib/storage/rows';
import { readTextFile } from './csv-file';
import { appErrors } from './errors.svelte';
import { runImport } from './run-import';
import { toasts } from './toasts.svelte';

/** A note as it is stored: named by its first words (or its file), with its hashed n-grams made once. */
export const noteRow = (text: string, label: string | null, name?: string): NewRow => ({ name: name ?? noteName(text), text, features: hashText(text), label });

/**
 * Notes in: typed or pasted one at a time, .txt files one note each, or a column of a CSV or JSONL file
 * (with a label column when there is one). Each import is stored whole or not at all; what was
 * skipped is reported.
 */
export class TextImportState {
	/** The CSV column or JSONL field with the text, and the one with labels; empty: found by name. */
	textField = $state('');
	labelField = $state('');
	/** What the last file import skipped or changed, and the fields it saw. */
	report = $state.raw<string[]>([]);
	fields = $state.raw<string[]>([]);
	busy = $state(false);

	constructor(private readonly projectId: string) {}

	/** Stores one typed or pasted note, labelled if `label` names a class; false (with the message shown) if refused. */
	async add(raw: string, label: string | null = null): Promise<boolean> {
		appErrors.clear();
		try {
			const text = checkText(raw);
			await addRows(this.projectId, [noteRow(text, label)], 'paste');
			return true;
		} catch (error) {
			appErrors.show(error);
			return false;
		}
	}

	/** Imports .txt, .csv and .jsonl files together, as one batch. */
	importFiles(files: File[]): Promise<number> {
		return runImport(this, async () => {
			const batches: TextBatch[] = [];
			const notes: string[] = [];
			const plain: { name: string; text: string }[] = [];
			for (const file of files) {
				const { text, note } = await readTextFile(file);
				if (note) notes.push(note);
				const kind = file.name.toLowerCase().split('.').pop();
				if (kind === 'csv' || kind === 'tsv') batches.push(textsFromCsv(text, this.textField || undefined, this.labelField || undefined));
				else if (kind === 'jsonl' || kind === 'ndjson' || kind === 'json') batches.push(textsFromJsonl(text, this.textField || undefined, this.labelField || undefined));
				else if (kind === 'txt' || kind === 'md' || file.type.startsWith('text/')) plain.push({ name: file.name, text });
				else throw new InputError(`“${file.name}” is not a text file: give .txt, .csv or .jsonl files.`);
			}
			if (plain.length) batches.push(textsFromFiles(plain));
			const rows = batches.flatMap((b) => b.records.map((r) => noteRow(r.text, r.label, r.name)));
			if (rows.length === 0) throw new InputError('No notes were found in those files.');
			await addRows(this.projectId, rows, 'import');
			this.report = [...notes, ...batches.flatMap((b) => b.notes)];
			this.fields = [...new Set(batches.flatMap((b) => b.fields))];
			toasts.show(`Imported ${rows.length} note${rows.length === 1 ? '' : 's'}.`);
			return rows.length;
		});
	}
}
