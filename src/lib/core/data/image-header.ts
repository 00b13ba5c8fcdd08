import type { ImageType } from './image-file';
import { InputError } from './input-error';

/** The most pixels an image may have: 50 megapixels is a phone's best photo; decoding more could take all of a phone's memory. */
export const MAX_PIXELS = 50_000_000;
/** Bytes read to find a JPEG's size: its frame header follows the metadata (EXIF, colour profiles), rarely more than this. */
export const HEADER_BYTES = 256 * 1024;

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const i32le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);

/**
 * An image's width and height as its header states them, read before anything is decoded; undefined
 * when the bytes given do not reach them (or the header is damaged: decoding will then say so).
 */
export function imageSize(head: Uint8Array, type: ImageType): { width: number; height: number } | undefined {
	if (type === 'png') return head.length >= 24 ? { width: u32be(head, 16), height: u32be(head, 20) } : undefined;
	if (type === 'gif') return head.length >= 10 ? { width: u16le(head, 6), height: u16le(head, 8) } : undefined;
	if (type === 'bmp') return head.length >= 26 ? { width: Math.abs(i32le(head, 18)), height: Math.abs(i32le(head, 22)) } : undefined;
	if (type === 'webp') return webpSize(head);
	return jpegSize(head);
}

/** A WebP's canvas size, from its first chunk: lossy (VP8), lossless (VP8L) or extended (VP8X). */
function webpSize(b: Uint8Array): { width: number; height: number } | undefined {
	if (b.length < 30) return undefined;
	const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
	if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
	if (chunk === 'VP8L') {
		const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
	return undefined;
}

/** A JPEG's size, from the first frame header (SOF0..SOF15, not DHT, JPG or DAC), walking the markers before it. */
function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
	let at = 2;
	while (at + 9 < b.length) {
		if (b[at] !== 0xff) return undefined;
		const marker = b[at + 1]!;
		if (marker === 0xff) {
			at++; // fill byte
			continue;
		}
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: u16be(b, at + 5), width: u16be(b, at + 7) };
		if (marker === 0xd9 || marker === 0xda) return undefined; // the image data began without a frame header
		at += 2 + u16be(b, at + 2);
	}
	return undefined;
}

/**
 * A JPEG's EXIF orientation (1..8; 1 when it has none): 5 to 8 mean it is shown turned a quarter, so
 * its shown width is its stored height.
 */
export function jpegOrientation(b: Uint8Array): number {
	let at = 2;
	while (at + 4 < b.length && b[at] === 0xff) {
		const marker = b[at + 1]!;
		const length = u16be(b, at + 2);
		if (marker === 0xe1 && String.fromCharCode(...b.subarray(at + 4, at + 8)) === 'Exif') return orientationIn(b, at + 10, Math.min(b.length, at + 2 + length));
		if (marker === 0xda) break;
		at += 2 + length;
	}
	return 1;
}

/** The orientation tag (0x0112) of IFD0 in the TIFF block at `tiff`, read in its byte order. */
function orientationIn(b: Uint8Array, tiff: number, end: number): number {
	if (tiff + 8 > end) return 1;
	const little = b[tiff] === 0x49;
	const u16 = (at: number) => (little ? u16le(b, at) : u16be(b, at));
	const u32 = (at: number) => (little ? (u16le(b, at) | (u16le(b, at + 2) << 16)) >>> 0 : u32be(b, at));
	const ifd = tiff + u32(tiff + 4);
	if (ifd + 2 > end) return 1;
	for (let i = 0, entry = ifd + 2; i < u16(ifd) && entry + 12 <= end; i++, entry += 12) {
		if (u16(entry) === 0x0112) {
			const value = u16(entry + 8);
			return value >= 1 && value <= 8 ? value : 1;
		}
	}
	return 1;
}

/** Refuses an image whose header says it has more than MAX_PIXELS, naming the file and its size; nothing has been decoded. */
export function checkImageSize(name: string, size: { width: number; height: number } | undefined): void {
	if (!size) return;
	const { width, height } = size;
	if (width === 0 || height === 0) throw new InputError(`“${name}” says it is ${width} × ${height} pixels: it holds no picture.`);
	const pixels = width * height;
	if (pixels <= MAX_PIXELS) return;
	const megapixels = Math.round(pixels / 1e6).toLocaleString('en');
	throw new InputError(
		`“${name}” is ${width.toLocaleString('en')} × ${height.toLocaleString('en')} pixels (${megapixels} megapixels), more than the ${MAX_PIXELS / 1e6} megapixels Attune takes: decoding it could use all of this device’s memory. Make it smaller and add it again.`
	);
}
