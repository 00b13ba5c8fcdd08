const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** What a PNG needs to show the same picture: its header, palette, transparency and pixels. */
const KEPT = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);
/** Chunks that change how it looks (orientation, colour profile, gamma, animation): such a file is re-encoded from its pixels instead. */
const CHANGES_LOOK = new Set(['eXIf', 'iCCP', 'gAMA', 'cHRM', 'acTL']);

const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/**
 * A PNG without its metadata (text, time, EXIF and the rest): its own chunks, byte for byte, less every
 * chunk not in KEPT. What the browser would otherwise re-encode from the decoded pixels, at a fraction
 * of the cost; each chunk carries its own CRC, so what remains is a valid PNG. Null when the bytes are
 * not a whole PNG chunk stream, or a chunk in CHANGES_LOOK would make the stripped file look different
 * from the decoded picture: re-encode it then.
 */
export function pngWithoutMetadata(bytes: Uint8Array): Uint8Array | null {
	if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
	const kept: Uint8Array[] = [bytes.subarray(0, 8)];
	for (let at = 8; at + 12 <= bytes.length; ) {
		const length = u32be(bytes, at);
		const end = at + 12 + length;
		if (end > bytes.length) return null; // truncated
		const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
		if (at === 8 && type !== 'IHDR') return null;
		if (CHANGES_LOOK.has(type)) return null;
		if (KEPT.has(type)) kept.push(bytes.subarray(at, end));
		if (type === 'IEND') {
			const out = new Uint8Array(kept.reduce((n, k) => n + k.length, 0));
			kept.reduce((offset, k) => (out.set(k, offset), offset + k.length), 0);
			return out;
		}
		at = end;
	}
	return null; // no IEND
}
