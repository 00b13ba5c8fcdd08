import { describe, expect, it } from 'vitest';
import { InputError } from '$lib/core/data/input-error';
import { checkText, MAX_TEXT_CHARS, textsFromCsv, textsFromFiles, textsFromJsonl } from '$lib/core/data/text-input';

const jsonl = (...lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');

describe('checkText', () => {
	it('returns the text trimmed, with LF line ends', () => {
		expect(checkText('  Fox on the path.\r\nGone by noon.\r\n\n')).toBe('Fox on the path.\nGone by noon.');
	});

	it.each(['', ' \n\t\r\n '])('refuses %j as empty', (text) => {
		expect(() => checkText(text)).toThrow(new InputError('The text is empty.'));
	});

	it('refuses a 5 MB text, saying how big it is and what to do', () => {
		expect(() => checkText('a'.repeat(5 * 1024 * 1024))).toThrow(
			new InputError('This text is 5.0 MB long; a note can be at most 100,000 characters. Split it into smaller notes.')
		);
	});

	it('takes a text of exactly the limit and counts characters for one just over it', () => {
		expect(checkText('b'.repeat(MAX_TEXT_CHARS))).toHaveLength(MAX_TEXT_CHARS);
		expect(() => checkText('b'.repeat(MAX_TEXT_CHARS + 1))).toThrow(/This text is 100,001 characters long/);
	});
});

describe('textsFromJsonl', () => {
	it('reads the text and label fields by default, skipping bad lines with a note that says where', () => {
		const content = jsonl({ text: 'Heron at the pond', label: 'wildlife' }, { text: 'Pump broken' }, '', '{not json', { text: 'Fog', label: 3 }, [1, 2], { note: 'x' });

		const sut = textsFromJsonl(content);

		expect(sut.records).toEqual([
			{ text: 'Heron at the pond', label: 'wildlife' },
			{ text: 'Pump broken', label: null },
			{ text: 'Fog', label: '3' }
		]);
		expect(sut.notes).toEqual(['3 lines were skipped: line 4 is not JSON; line 6 is not a JSON object; line 7 has no "text" field.']);
		expect(sut.fields).toEqual(['text', 'label', 'note']);
	});

	it('takes the first of the usual text fields present, whatever its case', () => {
		const sut = textsFromJsonl(jsonl({ id: 1, Body: 'Gate seized', message: 'ignored' }));

		expect(sut.records).toEqual([{ text: 'Gate seized', label: null }]);
	});

	it('uses the fields the user picked, and no label when told so', () => {
		const content = jsonl({ what: 'Hail at noon', kind: 'weather', label: 'other' });

		expect(textsFromJsonl(content, 'what', 'kind').records).toEqual([{ text: 'Hail at noon', label: 'weather' }]);
		expect(textsFromJsonl(content, 'what', null).records).toEqual([{ text: 'Hail at noon', label: null }]);
	});

	it('names the fields it found when it cannot tell which holds the text', () => {
		const content = jsonl({ id: 1, remark: 'Owl' });

		expect(() => textsFromJsonl(content)).toThrow(InputError);
		expect(() => textsFromJsonl(content)).toThrow(/None is called text, note, body, content, message\. The fields found are: "id", "remark"\./);
		expect(() => textsFromJsonl(content, 'remark', 'kind')).toThrow('The file has no "kind" field. The fields found are: "id", "remark".');
	});

	it('refuses a file where no line is a JSON object, and an empty one', () => {
		expect(() => textsFromJsonl('hello\nworld\n')).toThrow('No line of the file could be read as a JSON object (line 1 is not JSON, line 2 is not JSON).');
		expect(() => textsFromJsonl('\n\n')).toThrow('The file is empty.');
	});

	it('skips empty and oversized texts with notes, and notes characters that were not UTF-8', () => {
		const content = jsonl({ text: '  ' }, { text: 'ok \uFFFD' }, { text: 'x'.repeat(MAX_TEXT_CHARS + 1) });

		const sut = textsFromJsonl(content);

		expect(sut.records).toEqual([{ text: 'ok \uFFFD', label: null }]);
		expect(sut.notes).toEqual([
			'1 empty text was skipped (line 1).',
			'1 text over 100,000 characters was skipped (line 3).',
			'1 text had characters that could not be read as UTF-8 (shown as �).'
		]);
	});

	it('lists only the first few bad lines of a long run', () => {
		const content = jsonl({ text: 'fine' }, ...Array<string>(8).fill('oops'));

		expect(textsFromJsonl(content).notes[0]).toBe('8 lines were skipped: line 2 is not JSON; line 3 is not JSON; line 4 is not JSON; line 5 is not JSON; line 6 is not JSON and 3 more.');
	});
});

describe('textsFromCsv', () => {
	it('reads the text and label columns by default, quoted newlines and commas kept', () => {
		const sut = textsFromCsv('\uFEFFid,text,label\r\n1,"Deer, two of them\r\non the ridge",wildlife\r\n2,Logger dead,\r\n');

		expect(sut.records).toEqual([
			{ text: 'Deer, two of them\non the ridge', label: 'wildlife' },
			{ text: 'Logger dead', label: null }
		]);
		expect(sut.fields).toEqual(['id', 'text', 'label']);
		expect(sut.notes).toEqual([]);
	});

	it('uses the columns the user picked', () => {
		const sut = textsFromCsv('remark,kind,label\nSnow on the hill,weather,x\n', 'remark', 'kind');

		expect(sut.records).toEqual([{ text: 'Snow on the hill', label: 'weather' }]);
	});

	it('says which column is missing and which there are', () => {
		expect(() => textsFromCsv('a,b\n1,2\n')).toThrow(/Which column holds the text\?.*The columns found are: "a", "b"\./);
		expect(() => textsFromCsv('text,b\n1,2\n', 'text', 'kind')).toThrow(new InputError('The CSV has no "kind" column. The columns found are: "text", "b".'));
	});

	it('skips short rows and empty cells with notes, rows counted from the header', () => {
		const sut = textsFromCsv('id,text\n1,Fox\n2\n3,\n4,Otter\n');

		expect(sut.records.map((r) => r.text)).toEqual(['Fox', 'Otter']);
		expect(sut.notes).toEqual(['1 row was skipped: row 3 has no "text" cell.', '1 empty text was skipped (row 4).']);
	});

	it('refuses a header with no rows, and a broken quote', () => {
		expect(() => textsFromCsv('text,label\n')).toThrow('The CSV has a header row but no rows below it.');
		expect(() => textsFromCsv('text\n"unclosed\n')).toThrow(/The CSV could not be read/);
	});
});

describe('textsFromFiles', () => {
	it('takes one note per file, named by the file, and skips an empty and an oversized one with notes', () => {
		const sut = textsFromFiles([
			{ name: 'a.txt', text: 'Kestrel over the meadow\r\n' },
			{ name: 'empty.txt', text: '\n' },
			{ name: 'huge.txt', text: 'z'.repeat(5 * 1024 * 1024) }
		]);

		expect(sut.records).toEqual([{ text: 'Kestrel over the meadow', label: null, name: 'a.txt' }]);
		expect(sut.notes).toEqual(['1 empty text was skipped (“empty.txt”).', '1 text over 100,000 characters was skipped (“huge.txt”).']);
		expect(sut.fields).toEqual([]);
	});

	it('refuses a batch in which no file is usable, and none at all', () => {
		expect(() => textsFromFiles([{ name: 'a.txt', text: '' }, { name: 'b.txt', text: ' ' }])).toThrow(
			new InputError('There is no text to use. 2 empty texts were skipped (“a.txt”, “b.txt”).')
		);
		expect(() => textsFromFiles([])).toThrow(InputError);
	});
});
