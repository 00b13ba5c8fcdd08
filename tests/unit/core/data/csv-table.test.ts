import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvCollector, DEFAULT_CSV_OPTIONS, MAX_COLUMNS, pickEncoding, readCsvText } from '$lib/core/data/csv-table';
import { InputError } from '$lib/core/data/input-error';

const iris = readFileSync(new URL('../../../fixtures/iris.csv', import.meta.url), 'utf8');

/** `count` rows of `a,b,c` numbers, one per line, after a header. */
const lines = (count: number, header = 'a,b,c') => [header, ...Array.from({ length: count }, (_, i) => `${i},${i * 2},${i % 3}`)].join('\n');

function refusal(text: string, options = {}): string {
	try {
		readCsvText(text, options);
	} catch (error) {
		expect(error).toBeInstanceOf(InputError);
		return (error as Error).message;
	}
	throw new Error('expected an InputError');
}

describe('readCsvText', () => {
	it('reads the iris file whole, with nothing to report', () => {
		const sut = readCsvText(iris);

		expect(sut.header).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
		expect(sut.rows).toHaveLength(150);
		expect(sut.rows[0]).toEqual(['5.1', '3.5', '1.4', '0.2', 'setosa']);
		expect(sut).toMatchObject({ delimiter: ',', truncated: false, notes: [] });
	});

	it('strips a byte order mark, trims cells, keeps quoted commas and skips blank lines', () => {
		const sut = readCsvText('\uFEFFcolour , size\r\nred, 3\r\n\r\n"green, light",4.5\r\n  \r\n');

		expect(sut.header).toEqual(['colour', 'size']);
		expect(sut.rows).toEqual([['red', '3'], ['green, light', '4.5']]);
	});

	it('skips a few ragged rows and says which', () => {
		const text = lines(10).split('\n');
		text[3] += ',9';
		text[7] += ',9';

		const sut = readCsvText(text.join('\n'));

		expect(sut.rows).toHaveLength(8);
		expect(sut.notes).toEqual(['2 rows were skipped: rows 4 and 8 have 4 cells, the header has 3.']);
	});

	it('refuses a file whose rows mostly do not fit the header, asking about the delimiter', () => {
		const text = ['a,b,c', '1,2', '3,4', '5,6,7'].join('\n');

		expect(refusal(text)).toBe('2 of 3 rows do not have as many cells as the header (3): is the delimiter right?');
	});

	it('ignores the empty cell a delimiter at the end of each line adds', () => {
		expect(readCsvText('a,b\n1,2,\n3,4,\n').rows).toEqual([['1', '2'], ['3', '4']]);
	});

	it.each([
		[';', 'semicolons'],
		['\t', 'tabs']
	])('guesses a %j delimiter and says so', (delimiter, name) => {
		const sut = readCsvText(lines(5).replaceAll(',', delimiter));

		expect(sut.delimiter).toBe(delimiter);
		expect(sut.header).toEqual(['a', 'b', 'c']);
		expect(sut.notes).toEqual([`Columns are separated by ${name}.`]);
	});

	it('says nothing about a delimiter the user chose', () => {
		expect(readCsvText(lines(5).replaceAll(',', ';'), { delimiter: ';' }).notes).toEqual([]);
	});

	it('refuses a file of one column, suggesting the delimiter may be wrong', () => {
		expect(refusal('name\nann\nbob\n')).toBe('Only one column was found. Is the file separated by commas, semicolons or tabs?');
		expect(refusal(lines(5).replaceAll(',', ';'), { delimiter: ',' })).toMatch(/Only one column was found/);
	});

	it('names the columns itself when the first row is data, and keeps that row', () => {
		const sut = readCsvText('1,2.5,3\n4,5,6\n');

		expect(sut.header).toEqual(['column 1', 'column 2', 'column 3']);
		expect(sut.rows).toEqual([['1', '2.5', '3'], ['4', '5', '6']]);
		expect(sut.notes).toEqual(['No header row was found; the columns are named column 1 to column 3.']);
	});

	it('tells a data row with text in it from a header by the columns below it', () => {
		const sut = readCsvText(iris.split('\n').slice(1).join('\n'));

		expect(sut.header[0]).toBe('column 1');
		expect(sut.rows).toHaveLength(150);
	});

	it('follows an explicit header setting', () => {
		expect(readCsvText('1,2\n3,4\n', { header: true }).header).toEqual(['1', '2']);
		const sut = readCsvText('a,b\nc,d\n', { header: false });
		expect(sut.header).toEqual(['column 1', 'column 2']);
		expect(sut.rows).toHaveLength(2);
		expect(sut.notes).toEqual([]);
	});

	it('names blank and repeated header cells, with notes', () => {
		const sut = readCsvText('a,,a,b\n1,2,3,4\n');

		expect(sut.header).toEqual(['a', 'column 2', 'a (2)', 'b']);
		expect(sut.notes).toEqual([
			'Column 2 has no name in the header; it is called "column N" after its position.',
			'Some columns share a name, so the repeats were renamed: "a" → "a (2)".'
		]);
	});

	it.each([
		['', 'The file is empty.'],
		[' \n\n', 'The file is empty.'],
		['a,b\n', 'The file has a header row but no data rows.'],
		[Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`).join(',') + '\n' + '1,'.repeat(MAX_COLUMNS) + '1', `The file has 1,001 columns; at most 1,000 are supported.`]
	])('refuses %j with a clear message', (text, message) => {
		expect(refusal(text)).toBe(message);
	});

	it('counts cells that were not valid UTF-8', () => {
		expect(readCsvText('name,city\nRen\uFFFDe,Z\uFFFDrich\nann,Oslo\n').notes).toEqual([
			'2 cells had characters that are not UTF-8 text; they show as �. Was the file saved in another encoding?'
		]);
	});

	it('reads only the first maxRows rows of a longer file, and says so', () => {
		const sut = readCsvText(lines(8), { maxRows: 5 });

		expect(sut.rows).toHaveLength(5);
		expect(sut.truncated).toBe(true);
		expect(sut.notes).toEqual(['Only the first 5 rows were read; the file has more.']);
		expect(readCsvText(lines(5), { maxRows: 5 }).truncated).toBe(false);
	});
});

describe('CsvCollector', () => {
	it('collects chunks into the table a whole read gives, numbering rows across chunks', () => {
		const rows = lines(40).split('\n').map((line) => line.split(','));
		rows[30]!.push('9');
		const sut = new CsvCollector(DEFAULT_CSV_OPTIONS);

		for (let at = 0; at < rows.length; at += 7) expect(sut.add(rows.slice(at, at + 7), { delimiter: ',' })).toBe(true);
		const table = sut.finish();

		expect(table.rows).toEqual(rows.filter((_, i) => i > 0 && i !== 30));
		expect(table.notes).toEqual(['1 row was skipped: row 31 has 4 cells, the header has 3.']);
	});

	it('asks the caller to stop once it has passed the row cap', () => {
		const rows = lines(30).split('\n').map((line) => line.split(','));
		const sut = new CsvCollector({ ...DEFAULT_CSV_OPTIONS, maxRows: 25 });

		expect(sut.add(rows.slice(0, 25), { delimiter: ',' })).toBe(true);
		expect(sut.add(rows.slice(25), { delimiter: ',' })).toBe(false);
		expect(sut.finish()).toMatchObject({ truncated: true });
	});
});

describe('pickEncoding', () => {
	it('keeps UTF-8, even with a character cut in two at the end of the sample', () => {
		const bytes = new TextEncoder().encode('name\nRenée\n€');

		expect(pickEncoding(bytes)).toEqual({ encoding: 'utf-8' });
		expect(pickEncoding(bytes.slice(0, -1))).toEqual({ encoding: 'utf-8' });
	});

	it('reads bytes that are not UTF-8 (Latin-1 é) as Windows-1252, with a note', () => {
		const sut = pickEncoding(new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x52, 0x65, 0x6e, 0xe9, 0x65]));

		expect(sut.encoding).toBe('windows-1252');
		expect(sut.note).toMatch(/not UTF-8 text; it was read as Windows-1252/);
		expect(new TextDecoder(sut.encoding).decode(new Uint8Array([0x52, 0x65, 0x6e, 0xe9, 0x65]))).toBe('Renée');
	});

	it('recognises UTF-16 by its byte order mark', () => {
		expect(pickEncoding(new Uint8Array([0xff, 0xfe, 0x61, 0x00])).encoding).toBe('utf-16le');
	});
});
