import { isMissing, listInWords, parseNumber } from './cell-values';

/** Rows looked at to tell a header row from a data row. */
export const HEADER_SAMPLE_ROWS = 20;

/**
 * Whether `first` reads as column names rather than data. A row of numbers is data. Otherwise each
 * column whose sampled cells below are all numbers votes: a non-number on top says "header", a number
 * says "data" (the idea behind Python's csv.Sniffer.has_header). Files of text only cannot be told
 * apart, and a header is the common case, so a tie means header.
 */
export function looksLikeHeader(first: readonly string[], below: readonly (readonly string[])[]): boolean {
	const filled = first.filter((cell) => cell !== '');
	if (filled.length > 0 && filled.every((cell) => parseNumber(cell) !== undefined)) return false;
	let votes = 0;
	first.forEach((top, c) => {
		const cells = below.map((row) => row[c] ?? '').filter((cell) => !isMissing(cell));
		if (cells.length === 0 || !cells.every((cell) => parseNumber(cell) !== undefined)) return;
		votes += parseNumber(top) === undefined ? 1 : -1;
	});
	return votes >= 0;
}

export function generatedNames(count: number): string[] {
	return Array.from({ length: count }, (_, i) => `column ${i + 1}`);
}

/** Column names fit to show and to look up by: blanks named by position, repeats numbered, each with a note. */
export function nameColumns(cells: readonly string[]): { names: string[]; notes: string[] } {
	const notes: string[] = [];
	const blank = cells.flatMap((cell, i) => (cell === '' ? [i + 1] : []));
	if (blank.length > 0) {
		const which = blank.length === 1 ? `Column ${blank[0]} has` : `Columns ${listInWords(blank)} have`;
		notes.push(`${which} no name in the header; ${blank.length === 1 ? 'it is' : 'they are'} called "column N" after ${blank.length === 1 ? 'its' : 'their'} position.`);
	}
	const taken = new Set<string>();
	const renamed: string[] = [];
	const names = cells.map((cell, i) => {
		const base = cell === '' ? `column ${i + 1}` : cell;
		let name = base;
		for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
		if (name !== base) renamed.push(`"${base}" → "${name}"`);
		taken.add(name);
		return name;
	});
	if (renamed.length > 0) notes.push(`Some columns share a name, so the repeats were renamed: ${listInWords(renamed)}.`);
	return { names, notes };
}
