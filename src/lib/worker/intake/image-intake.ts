import { INPUT_SIZE, SNIFF_BYTES, THUMB_SIZE, centerSquare, checkImageFile, fitInside, toGrayInput, type ImageType } from '$lib/core/data/image-file';
import { checkImageSize, HEADER_BYTES, imageSize, jpegOrientation } from '$lib/core/data/image-header';
import { InputError } from '$lib/core/data/input-error';
import { pngWithoutMetadata } from '$lib/core/data/png-chunks';

/** The longest side of the image we keep; more costs storage and adds nothing at INPUT_SIZE. */
export const MAX_STORED_SIDE = 1024;
/** A file up to this size is read once and checked and decoded from memory, not read from disk twice (its first bytes, then all of it). */
const READ_WHOLE_BYTES = 1024 * 1024;

export interface IntakeResult {
	name: string;
	/** The image as stored: at most MAX_STORED_SIDE px, re-encoded, without any metadata. */
	blob: Blob;
	/** A JPEG that fits inside THUMB_SIZE x THUMB_SIZE; none when the stored image is that small already. */
	thumbnail?: Blob;
	/** INPUT_SIZE x INPUT_SIZE luminance bytes, row by row: what the model sees. */
	input: Uint8Array;
	/** Size of `blob`, after capping. */
	width: number;
	height: number;
}

type Source = ImageBitmap | OffscreenCanvas;

function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
	const ctx = canvas.getContext('2d', { willReadFrequently: true });
	if (!ctx) throw new Error('This browser cannot draw images off screen (no 2D OffscreenCanvas).');
	ctx.imageSmoothingEnabled = true;
	ctx.imageSmoothingQuality = 'high';
	return ctx;
}

/** Draws (part of) a source onto a new canvas. JPEG has no alpha, and encoders would turn transparency black. */
function draw(source: Source, width: number, height: number, white: boolean, crop?: { x: number; y: number; size: number }) {
	const canvas = new OffscreenCanvas(width, height);
	const ctx = context2d(canvas);
	if (white) {
		ctx.fillStyle = '#fff';
		ctx.fillRect(0, 0, width, height);
	}
	if (crop) ctx.drawImage(source, crop.x, crop.y, crop.size, crop.size, 0, 0, width, height);
	else ctx.drawImage(source, 0, 0, width, height);
	return canvas;
}

/**
 * Halves a square canvas until one more step reaches `size`. One big downscale samples only a few
 * source pixels per output pixel in some browsers, and thin pencil strokes in sketches vanish.
 */
function shrinkSquare(canvas: OffscreenCanvas, size: number): OffscreenCanvas {
	let current = canvas;
	while (current.width / 2 >= size * 2) {
		const half = Math.round(current.width / 2);
		current = draw(current, half, half, false);
	}
	return draw(current, size, size, false);
}

/**
 * The model input: the centred square, scaled to INPUT_SIZE. Cropping rather than squashing keeps
 * shapes in proportion (a squashed circle becomes an ellipse); the subject is usually centred.
 */
function grayInput(stored: Source): Uint8Array {
	const crop = centerSquare(stored.width, stored.height);
	// A crop less than twice the input's side is drawn to it at once (the square it is cut out to would be a copy).
	const small = crop.size < 4 * INPUT_SIZE ? draw(stored, INPUT_SIZE, INPUT_SIZE, false, crop) : shrinkSquare(draw(stored, crop.size, crop.size, false, crop), INPUT_SIZE);
	const pixels = context2d(small).getImageData(0, 0, INPUT_SIZE, INPUT_SIZE).data;
	return toGrayInput(pixels, INPUT_SIZE, INPUT_SIZE);
}

/** Decodes straight to the stored size: a photo is scaled down as it is decoded, not decoded whole and then scaled. */
async function decode(file: Blob, name: string, size: { width: number; height: number } | undefined): Promise<ImageBitmap> {
	const unreadable = () => new InputError(`“${name}” could not be read as an image (it may be corrupt or truncated).`);
	// `size` is as shown (upright); without one, it is decoded whole and scaled after.
	const target = size && fitInside(size.width, size.height, MAX_STORED_SIDE);
	const scaled = target && (target.width < size.width || target.height < size.height) ? { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' as const } : {};
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image', ...scaled });
	} catch {
		throw unreadable();
	}
	// Chromium can "succeed" on a truncated file with an empty bitmap.
	if (bitmap.width === 0 || bitmap.height === 0) {
		bitmap.close();
		throw unreadable();
	}
	return bitmap;
}

/**
 * Checks a file from its first bytes alone (kind, byte size, and the width and height its header
 * states: a 900-megapixel image is refused before a single pixel is decoded), then decodes it.
 */
async function checkedDecode(file: Blob, name: string): Promise<{ bitmap: ImageBitmap; type: ImageType; bytes?: Uint8Array }> {
	const bytes = file.size <= READ_WHOLE_BYTES ? new Uint8Array(await file.arrayBuffer()) : undefined;
	const head = bytes?.subarray(0, Math.max(SNIFF_BYTES, 64)) ?? new Uint8Array(await file.slice(0, Math.max(SNIFF_BYTES, 64)).arrayBuffer());
	const type = checkImageFile(name, file.size, head);
	const header = bytes ?? (type === 'jpeg' ? new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer()) : head);
	const size = imageSize(header, type);
	checkImageSize(name, size);
	// The size it is shown at: a JPEG may be stored on its side, and is decoded turned upright.
	const shown = size && type === 'jpeg' && jpegOrientation(header) >= 5 ? { width: size.height, height: size.width } : size;
	const source = bytes ? new Blob([bytes as Uint8Array<ArrayBuffer>], { type: file.type }) : file;
	return { bitmap: await decode(source, name, type === 'jpeg' || type === 'png' || type === 'gif' || type === 'bmp' ? shown : undefined), type, bytes };
}

/** The stored picture's file: a photo as JPEG, anything else as PNG. */
function encode(stored: Source, width: number, height: number, photo: boolean): Promise<Blob> {
	const canvas = stored instanceof OffscreenCanvas ? stored : draw(stored, width, height, false);
	return canvas.convertToBlob(photo ? { type: 'image/jpeg', quality: 0.9 } : { type: 'image/png' });
}

/**
 * Checks, decodes and re-encodes one user image. Re-encoding from pixels drops ALL metadata, EXIF
 * and its GPS position included, which is the point: a photo's location never enters storage or an
 * export. Orientation is applied to the pixels first, so dropping EXIF does not turn photos. A PNG
 * kept at its size is not re-encoded but stripped of every metadata chunk (png-chunks.ts): the same
 * for privacy, at a fraction of the cost.
 */
export async function intakeImage(file: Blob & { name?: string }, name: string): Promise<IntakeResult> {
	const { bitmap, type, bytes } = await checkedDecode(file, name);
	try {
		// Photos stay JPEG; PNG keeps sketches' hard edges and transparency, and GIF/BMP are usually drawings.
		const photo = type === 'jpeg' || type === 'webp';
		const { width, height } = fitInside(bitmap.width, bitmap.height, MAX_STORED_SIDE);
		const stored = width === bitmap.width && height === bitmap.height && !photo ? bitmap : draw(bitmap, width, height, photo);
		// A PNG kept at its size loses its metadata chunk by chunk, with the same effect as re-encoding its pixels.
		const stripped = type === 'png' && stored === bitmap && bytes ? pngWithoutMetadata(bytes) : null;
		const blob = stripped ? new Blob([stripped as Uint8Array<ArrayBuffer>], { type: 'image/png' }) : await encode(stored, width, height, photo);
		const thumbSize = fitInside(width, height, THUMB_SIZE);
		const small = thumbSize.width === width && thumbSize.height === height && !photo;
		const thumbnail = small ? undefined : await draw(stored, thumbSize.width, thumbSize.height, true).convertToBlob({ type: 'image/jpeg', quality: 0.8 });
		return { name, blob, thumbnail, input: grayInput(stored), width, height };
	} finally {
		bitmap.close();
	}
}
