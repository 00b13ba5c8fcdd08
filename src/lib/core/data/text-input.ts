import Papa from 'papaparse';
import { InputError } from './input-error';

/**
 * Text projects take notes one sample each: pasted or typed, a .txt file each, or a column of a CSV or
 * JSONL file. Whatever cannot be used is either refused with a message (nothing usable at all) or
 * skipped with a note the UI shows, so a big import is not lost to one bad line.
 */
export const MAX_TEXT_CHARS = 100_000;

export interface TextRecord {
	text: string;
	label: string | null;
	name?: string;
}

export interface TextBatch {
	records: TextRecord[];
	/** What was skipped or changed, in words for the user. */
	notes: string[];
	/** The JSONL keys or CSV header seen, so the UI can let the user pick the text and label fields. */
	fields: string[];
}

/** Tried in order when the caller names no text field; matched ignoring case. */
const TEXT_FIELDS = ['text', 'note', 'body', 'content', 'message'];
const LABEL_FIELD = 'label';
const MB = 1024 * 1024;

const cleaned = (text: string) => text.replace(/\r\n?/g, '\n').trim();
const count = (n: number) => n.toLocaleString('en-US');

/** The text with LF line ends and no surrounding space; InputError if nothing is left or it is too long. */
export function checkText(text: string): string {
	const clean = cleaned(text);
	if (clean === '') throw new InputError('The text is empty.');
	if (clean.length > MAX_TEXT_CHARS) throw new InputError(`This text is ${sizeOf(clean)} long; a note can be at most ${count(MAX_TEXT_CHARS)} characters. Split it into smaller notes.`);
	return clean;
}

/** Megabytes for a huge paste (what the user knows it by), characters below that. */
function sizeOf(text: string): string {
	const bytes = new TextEncoder().encode(text).length;
	return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${count(text.length)} characters`;
}

/** One .txt file per note, named by its file name. */
export function textsFromFiles(files: { name: string; text: string }[]): TextBatch {
	if (files.length === 0) throw new InputError('No files were given.');
	return batchOf(
		files.map((f) => ({ text: f.text, label: null, name: f.name, where: `“${f.name}”` })),
		[],
		[]
	);
}

/** One JSON object per line; blank lines are ignored. */
export function textsFromJsonl(content: string, textField?: string, labelField?: string | null): TextBatch {
	const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
	const objects: { line: number; value: Record<string, unknown> }[] = [];
	const problems: string[] = [];
	lines.forEach((raw, i) => {
		if (raw.trim() === '') return;
		const value = parsedJson(raw);
		if (value === undefined) problems.push(`line ${i + 1} is not JSON`);
		else if (value === null || typeof value !== 'object' || Array.isArray(value)) problems.push(`line ${i + 1} is not a JSON object`);
		else objects.push({ line: i + 1, value: value as Record<string, unknown> });
	});
	if (objects.length === 0) {
		if (problems.length === 0) throw new InputError('The file is empty.');
		throw new InputError(`No line of the file could be read as a JSON object (${listed(problems)}).`);
	}
	const fields = [...new Set(objects.flatMap((o) => Object.keys(o.value)))];
	const { text, label } = chosenFields(fields, textField, labelField, 'field', 'The file has no');
	const candidates: Candidate[] = [];
	for (const { line, value } of objects) {
		const body = value[text];
		if (body === undefined || body === null) problems.push(`line ${line} has no "${text}" field`);
		else if (typeof body === 'object') problems.push(`line ${line}: "${text}" is not text`);
		else candidates.push({ text: String(body), label: label === null ? null : labelOf(value[label]), where: `line ${line}` });
	}
	return batchOf(candidates, skipped('line', problems), fields);
}

/** A CSV with a header row; one note per row. */
export function textsFromCsv(content: string, textColumn?: string, labelColumn?: string | null): TextBatch {
	const parsed = Papa.parse<string[]>(content.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
	// Papa cannot guess the delimiter of a one-column file; it then uses a comma, which is right.
	const fatal = parsed.errors.find((e) => e.type !== 'Delimiter');
	if (fatal) throw new InputError(`The CSV could not be read: ${fatal.message}${fatal.row !== undefined ? ` (row ${fatal.row + 1})` : ''}.`);
	const [header, ...rows] = parsed.data;
	if (!header) throw new InputError('The file is empty.');
	if (rows.length === 0) throw new InputError('The CSV has a header row but no rows below it.');
	const fields = header.map((h) => h.trim());
	const { text, label } = chosenFields(fields, textColumn, labelColumn, 'column', 'The CSV has no');
	const [textAt, labelAt] = [fields.indexOf(text), label === null ? -1 : fields.indexOf(label)];
	const problems: string[] = [];
	const candidates: Candidate[] = [];
	rows.forEach((cells, i) => {
		const where = `row ${i + 2}`; // the header is row 1
		if (cells.length <= textAt) problems.push(`${where} has no "${text}" cell`);
		else candidates.push({ text: cells[textAt]!, label: labelAt < 0 ? null : labelOf(cells[labelAt]), where });
	});
	return batchOf(candidates, skipped('row', problems), fields);
}

function parsedJson(line: string): unknown {
	try {
		return JSON.parse(line);
	} catch {
		return undefined;
	}
}

function labelOf(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	const label = (typeof value === 'object' ? JSON.stringify(value) : String(value)).trim();
	return label === '' ? null : label;
}

/** The fields named by the caller, else the defaults; InputError naming the fields found when one is missing. */
function chosenFields(fields: string[], textField: string | undefined, labelField: string | null | undefined, kind: string, missing: string) {
	const found = `The ${kind}s found are: ${fields.map((f) => `"${f}"`).join(', ')}.`;
	const named = (name: string) => {
		if (!fields.includes(name)) throw new InputError(`${missing} "${name}" ${kind}. ${found}`);
		return name;
	};
	const byDefault = (name: string) => fields.find((f) => f.toLowerCase() === name);
	let text: string | undefined;
	if (textField !== undefined) text = named(textField);
	else text = TEXT_FIELDS.map(byDefault).find((f) => f !== undefined);
	if (text === undefined) throw new InputError(`Which ${kind} holds the text? None is called ${TEXT_FIELDS.join(', ')}. ${found}`);
	const label = labelField === null ? null : labelField !== undefined ? named(labelField) : (byDefault(LABEL_FIELD) ?? null);
	return { text, label: label === text ? null : label };
}

interface Candidate extends TextRecord {
	/** Where it came from, for notes: "line 4", "row 12", "“a.txt”". */
	where: string;
}

/** The usable candidates, cleaned, with notes for those skipped; InputError when none is usable. */
function batchOf(candidates: Candidate[], notes: string[], fields: string[]): TextBatch {
	const records: TextRecord[] = [];
	const empty: string[] = [];
	const long: string[] = [];
	let unreadable = 0;
	for (const { where, ...candidate } of candidates) {
		const text = cleaned(candidate.text);
		if (text === '') empty.push(where);
		else if (text.length > MAX_TEXT_CHARS) long.push(where);
		else {
			records.push({ ...candidate, text });
			if (text.includes('\uFFFD')) unreadable++;
		}
	}
	const all = [...notes];
	if (empty.length > 0) all.push(`${empty.length === 1 ? '1 empty text was' : `${count(empty.length)} empty texts were`} skipped (${listed(empty)}).`);
	if (long.length > 0) all.push(`${long.length === 1 ? '1 text' : `${count(long.length)} texts`} over ${count(MAX_TEXT_CHARS)} characters ${long.length === 1 ? 'was' : 'were'} skipped (${listed(long)}).`);
	if (unreadable > 0) all.push(`${unreadable === 1 ? '1 text' : `${count(unreadable)} texts`} had characters that could not be read as UTF-8 (shown as �).`);
	if (records.length === 0) throw new InputError(`There is no text to use. ${all.join(' ')}`.trim());
	return { records, notes: all, fields };
}

function skipped(unit: 'line' | 'row', problems: string[]): string[] {
	if (problems.length === 0) return [];
	return [`${problems.length === 1 ? `1 ${unit} was` : `${count(problems.length)} ${unit}s were`} skipped: ${listed(problems, '; ')}.`];
}

/** The first few of a list; a file with thousands of bad lines must not make a note of thousands. */
function listed(items: string[], separator = ', ', shown = 5): string {
	const head = items.slice(0, shown).join(separator);
	return items.length > shown ? `${head} and ${count(items.length - shown)} more` : head;
}

/** Enough of a note to know it by in lists and the audit trail: its first line, cut at 40 characters. */
export function noteName(text: string): string {
	const line = text.split('\n', 1)[0]!.trim();
	return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}
