/**
 * Which text encoding to read a CSV file in, from its first bytes (64 KB is plenty). Excel on Windows
 * still saves "CSV" in Windows-1252 and "Unicode text" in UTF-16, and read as UTF-8 both turn into
 * replacement characters, or worse, a file of one garbled column.
 */
export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export function pickEncoding(firstBytes: Uint8Array): { encoding: CsvEncoding; note?: string } {
	if (firstBytes[0] === 0xff && firstBytes[1] === 0xfe) return { encoding: 'utf-16le', note: 'The file is UTF-16 text (as Excel saves "Unicode text"); it was read as such.' };
	if (firstBytes[0] === 0xfe && firstBytes[1] === 0xff) return { encoding: 'utf-16be', note: 'The file is UTF-16 text; it was read as such.' };
	try {
		// `stream` lets a character cut in two at the end of the sample pass instead of failing it.
		new TextDecoder('utf-8', { fatal: true }).decode(firstBytes, { stream: true });
		return { encoding: 'utf-8' };
	} catch {
		return {
			encoding: 'windows-1252',
			note: 'The file is not UTF-8 text; it was read as Windows-1252 (Western European), as older Excel versions save it. Check accented letters in the preview.'
		};
	}
}
