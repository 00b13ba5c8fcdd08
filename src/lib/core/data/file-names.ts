/**
 * Names that are safe as one file or folder name on Windows, macOS and Linux, for data the user takes
 * elsewhere: no separators, no "..", no control or reserved characters, no hidden (dot) names.
 */

const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
/** Long enough for any real label or file name, short enough for Windows' 260-character paths. */
const MAX_STEM = 100;

export function safeFileName(raw: string, fallback: string): string {
	let name = raw
		.normalize('NFC')
		.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
		.trim()
		// Windows drops trailing dots and spaces, which would merge "a." with "a".
		.replace(/[. ]+$/, '')
		// A leading dot hides the file, and image-folder readers (Attune's own included) skip it.
		.replace(/^\.+/, (dots) => '_'.repeat(dots.length));
	if (name === '') name = fallback;
	if (RESERVED.test(name)) name = `_${name}`;
	const chars = [...name];
	return chars.length > MAX_STEM ? chars.slice(0, MAX_STEM).join('') : name;
}

/** Hands out names unique within one folder, ignoring case (Windows and macOS do): "cat.png", "cat (2).png". */
export class UniqueNames {
	private readonly taken = new Set<string>();

	has(name: string): boolean {
		return this.taken.has(name.toLowerCase());
	}

	/** A folder's name has no extension: "v1.2" clashing gives "v1.2 (2)". */
	take(name: string, isFolder = false): string {
		const dot = isFolder ? -1 : name.lastIndexOf('.');
		const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
		let candidate = name;
		for (let n = 2; this.has(candidate); n++) candidate = `${stem} (${n})${ext}`;
		this.taken.add(candidate.toLowerCase());
		return candidate;
	}
}
