import { describe, expect, it } from 'vitest';
import {
	INPUT_SIZE,
	MAX_IMAGE_BYTES,
	centerSquare,
	checkImageFile,
	classFolderOf,
	fitInside,
	isHiddenPath,
	sniffImageType,
	toGrayInput
} from '$lib/core/data/image-file';
import { InputError } from '$lib/core/data/input-error';

const bytes = (...parts: (number[] | string)[]) =>
	Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const base64 = (text: string) => Uint8Array.from(Buffer.from(text, 'base64')).subarray(0, 16);

// The first 16 bytes of real files of each kind.
const heads = {
	png: base64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
	jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0, 1, 1, 0, 0, 1]),
	gif: base64('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=='),
	gif87: bytes('GIF87a', [1, 0, 1, 0, 0x80, 0, 0, 0xff, 0xff, 0xff]),
	webp: bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '),
	bmp: bytes('BM', [0x3a, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0])
};
const text = bytes('hello, this is t');
const heic = bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]);
const tiff = bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
const svg = bytes('<svg xmlns="http');

/** The error `run` throws, so tests can assert its type and message. */
function thrown(run: () => unknown): Error {
	try {
		run();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a throw');
}

describe('sniffImageType', () => {
	it.each([
		['png', heads.png],
		['jpeg', heads.jpeg],
		['gif', heads.gif],
		['gif', heads.gif87],
		['webp', heads.webp],
		['bmp', heads.bmp]
	])('recognises %s', (type, head) => {
		expect(sniffImageType(head)).toBe(type);
	});

	it.each([
		['text', text],
		['HEIC', heic],
		['TIFF', tiff],
		['SVG', svg],
		['a RIFF that is not WebP', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')],
		['too few bytes', bytes([0x89, 0x50, 0x4e])],
		['nothing', new Uint8Array()]
	])('rejects %s', (_, head) => {
		expect(sniffImageType(head)).toBeNull();
	});
});

describe('checkImageFile', () => {
	const sut = checkImageFile;

	it('returns the type found in the bytes, whatever the extension says', () => {
		expect(sut('holiday.png', 1000, heads.jpeg)).toBe('jpeg');
		expect(sut('no-extension', 1000, heads.webp)).toBe('webp');
	});

	it('rejects an empty file, naming it', () => {
		const error = thrown(() => sut('x.png', 0, new Uint8Array()));
		expect(error).toBeInstanceOf(InputError);
		expect(error.message).toBe('“x.png” is empty (0 bytes).');
	});

	it('accepts exactly the size limit and rejects a byte more, saying both sizes', () => {
		expect(sut('ok.jpg', MAX_IMAGE_BYTES, heads.jpeg)).toBe('jpeg');
		const error = thrown(() => sut('big.jpg', MAX_IMAGE_BYTES + 1, heads.jpeg));
		expect(error).toBeInstanceOf(InputError);
		expect(error.message).toBe('“big.jpg” is 20.1 MB; images can be at most 20 MB.');
	});

	it('rejects text named .png, naming the supported formats', () => {
		const error = thrown(() => sut('cat.png', 16, text));
		expect(error).toBeInstanceOf(InputError);
		expect(error.message).toBe('“cat.png” is named as a PNG image but holds something else (another kind of file, renamed?). Use a PNG, JPEG, GIF, WebP or BMP image.');
	});

	it.each([
		['notes.txt', text, 'not an image Attune can read'],
		['IMG_0001.heic', heic, 'is a HEIC/HEIF image'],
		['scan.tiff', tiff, 'is a TIFF image'],
		['logo.svg', svg, 'is an SVG drawing']
	])('rejects %s, naming the file and the formats it could be', (name, head, reason) => {
		const error = thrown(() => sut(name, 500, head));
		expect(error).toBeInstanceOf(InputError);
		expect(error.message).toContain(`“${name}”`);
		expect(error.message).toContain(reason);
		expect(error.message).toContain('PNG, JPEG, GIF, WebP or BMP');
	});
});

describe('toGrayInput', () => {
	const sut = toGrayInput;
	const image = (...pixels: number[][]) => Uint8ClampedArray.from(pixels.flat());

	it('gives one ink byte per pixel: 255 minus the Rec. 601 luma', () => {
		const ink = sut(image([255, 255, 255, 255], [0, 0, 0, 255], [255, 0, 0, 255], [0, 255, 0, 255]), 2, 2);
		expect([...ink]).toEqual([0, 255, 179, 105]);
	});

	it('treats transparent pixels as white background (no ink), whatever colour they store', () => {
		expect([...sut(image([0, 0, 0, 0], [255, 0, 0, 0]), 2, 1)]).toEqual([0, 0]);
	});

	it('composites half-transparent black over white to half ink', () => {
		expect([...sut(image([0, 0, 0, 128]), 1, 1)]).toEqual([128]);
	});

	it('handles a full model input', () => {
		const gray = sut(new Uint8ClampedArray(INPUT_SIZE * INPUT_SIZE * 4).fill(255), INPUT_SIZE, INPUT_SIZE);
		expect(gray).toHaveLength(INPUT_SIZE * INPUT_SIZE);
		expect(gray.every((v) => v === 0)).toBe(true); // all white: no ink
	});

	it('rejects pixels that do not match the size', () => {
		expect(() => sut(new Uint8ClampedArray(12), 2, 2)).toThrow(/16 RGBA bytes/);
	});
});

describe('fitInside', () => {
	it.each([
		[4000, 3000, 1024, 1024, 768],
		[3000, 4000, 96, 72, 96],
		[50, 40, 96, 50, 40],
		[1, 5000, 96, 1, 96]
	])('%ix%i inside %i is %ix%i', (w, h, max, width, height) => {
		expect(fitInside(w, h, max)).toEqual({ width, height });
	});
});

describe('centerSquare', () => {
	it('takes the middle of a wide image and the middle of a tall one', () => {
		expect(centerSquare(400, 300)).toEqual({ x: 50, y: 0, size: 300 });
		expect(centerSquare(300, 401)).toEqual({ x: 0, y: 50, size: 300 });
	});
});

describe('classFolderOf', () => {
	const sut = classFolderOf;

	it.each([
		['pets/cat/1.png', 'cat'],
		['pets/dog house/2.jpg', 'dog house'],
		['pets/cat/sub/1.png', 'cat'],
		['/pets/cat/1.png', 'cat'],
		['pets/1.png', null],
		['1.png', null],
		['', null]
	])('%j is in class %j', (path, expected) => {
		expect(sut(path)).toBe(expected);
	});

	it.each([['pets/cat/.DS_Store'], ['pets/.git/objects/1.png'], ['pets/cat/._1.jpg'], ['.pets/cat/1.png']])(
		'ignores the hidden path %j',
		(path) => {
			expect(sut(path)).toBeNull();
		}
	);
});

describe('isHiddenPath', () => {
	it('flags a dot at the start of any segment and nothing else', () => {
		expect(isHiddenPath('pets/.cache/1.png')).toBe(true);
		expect(isHiddenPath('pets/cat/.hidden.png')).toBe(true);
		expect(isHiddenPath('pets/cat.v2/1.png')).toBe(false);
		expect(isHiddenPath('pets/cat/1.png')).toBe(false);
	});
});
