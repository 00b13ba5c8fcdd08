import { InputError } from './input-error';

export type ImageType = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

const MB = 1024 * 1024;
export const MAX_IMAGE_BYTES = 20 * MB;
import { INPUT_SIDE } from '../model/input-size';

/** The model sees every image as INPUT_SIZE x INPUT_SIZE gray pixels. */
export const INPUT_SIZE = INPUT_SIDE;
export const THUMB_SIZE = 96;
/** How many leading bytes sniffing needs; callers read this much of the file. */
export const SNIFF_BYTES = 16;

const SUPPORTED = 'Use a PNG, JPEG, GIF, WebP or BMP image.';
/** The image kinds a file's name claims. */
const NAMED: Record<string, string> = { png: 'PNG', jpg: 'JPEG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', bmp: 'BMP' };

function startsWith(head: Uint8Array, bytes: readonly number[], at = 0): boolean {
	return head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
}

function ascii(text: string): number[] {
	return [...text].map((c) => c.charCodeAt(0));
}

/** The image type by magic bytes. The extension is never trusted: it is often wrong or missing. */
export function sniffImageType(head: Uint8Array): ImageType | null {
	if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
	if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
	if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
	// Two bytes are a weak signature; a text file that happens to start with "BM" fails at decoding instead.
	if (startsWith(head, ascii('BM'))) return 'bmp';
	return null;
}

/** Names formats people commonly try (iPhone photos, scans, drawings) so the message can say what they have. */
function knownUnsupported(head: Uint8Array): string | null {
	if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'a TIFF image';
	if (startsWith(head, ascii('ftyp'), 4)) {
		const brand = String.fromCharCode(...head.subarray(8, 12));
		if (brand === 'avif' || brand === 'avis') return 'an AVIF image';
		if (/^(hei[cxms]|hev[cxms]|mif1|msf1)$/.test(brand)) return 'a HEIC/HEIF image';
	}
	const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart();
	if (text.startsWith('<svg') || text.startsWith('<?xml')) return 'an SVG drawing or other XML';
	return null;
}

/** Rounded up, so a file just over the limit never reads as exactly the limit. */
function megabytes(bytes: number): string {
	return `${Math.ceil((bytes / MB) * 10) / 10} MB`;
}

/**
 * Checks a file before decoding it and returns its type; throws an InputError naming the file and
 * the reason. Decoding can still fail later (a corrupt or truncated file); the caller reports that.
 */
export function checkImageFile(name: string, size: number, head: Uint8Array): ImageType {
	if (size === 0) throw new InputError(`“${name}” is empty (0 bytes).`);
	if (size > MAX_IMAGE_BYTES) {
		throw new InputError(`“${name}” is ${megabytes(size)}; images can be at most ${MAX_IMAGE_BYTES / MB} MB.`);
	}
	const type = sniffImageType(head);
	if (type) return type;
	const known = knownUnsupported(head);
	if (known) throw new InputError(`“${name}” is ${known}, which Attune cannot read. ${SUPPORTED}`);
	const claimed = NAMED[name.toLowerCase().split('.').pop() ?? ''];
	if (claimed) throw new InputError(`“${name}” is named as a ${claimed} image but holds something else (another kind of file, renamed?). ${SUPPORTED}`);
	throw new InputError(`“${name}” is not an image Attune can read. ${SUPPORTED}`);
}

/**
 * The model's input is ink, not brightness: 255 where a pixel is darkest, 0 for a white (or
 * transparent) background. Sketches (dark strokes on white) and the bundled digits (bright strokes
 * on black) then look alike to the model, and an empty background contributes nothing.
 * Luma uses the Rec. 601 weights after compositing over white.
 */
export function toGrayInput(rgba: Uint8ClampedArray, width: number, height: number): Uint8Array {
	if (rgba.length !== width * height * 4) {
		throw new Error(`Expected ${width * height * 4} RGBA bytes for ${width}x${height}, got ${rgba.length}.`);
	}
	const gray = new Uint8Array(width * height);
	for (let p = 0; p < gray.length; p++) {
		const i = p * 4;
		const alpha = rgba[i + 3]! / 255;
		const over = (c: number) => c * alpha + 255 * (1 - alpha);
		gray[p] = 255 - Math.round(0.299 * over(rgba[i]!) + 0.587 * over(rgba[i + 1]!) + 0.114 * over(rgba[i + 2]!));
	}
	return gray;
}

/** The size that fits inside max x max keeping the aspect ratio; never enlarges, never reaches 0. */
export function fitInside(width: number, height: number, max: number): { width: number; height: number } {
	const scale = Math.min(1, max / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The largest centred square of a width x height image, as a source rectangle. */
export function centerSquare(width: number, height: number): { x: number; y: number; size: number } {
	const size = Math.min(width, height);
	return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

/**
 * True when any segment starts with "." (".DS_Store", ".git/…", "._photo.jpg" from macOS): such
 * files are system or tool clutter, never training examples.
 */
export function isHiddenPath(relativePath: string): boolean {
	return relativePath.split('/').some((segment) => segment.startsWith('.'));
}

/**
 * The class of a file picked in the ImageFolder layout (picked/class/file). Files directly in the
 * picked folder have no class (null); deeper files take their first sub-folder, so
 * "pets/cat/sub/1.png" is a "cat". Hidden paths give null, so callers skip them.
 * Empty segments are dropped: drag-and-drop entries give paths with a leading "/".
 */
export function classFolderOf(relativePath: string): string | null {
	if (isHiddenPath(relativePath)) return null;
	const segments = relativePath.split('/').filter((segment) => segment.length > 0);
	return segments.length >= 3 ? segments[1]! : null;
}
