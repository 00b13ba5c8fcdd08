import { describe, expect, it } from 'vitest';
import { checkImageFile, MAX_IMAGE_BYTES } from '$lib/core/data/image-file';
import { checkImageSize, imageSize, MAX_PIXELS } from '$lib/core/data/image-header';
import { InputError } from '$lib/core/data/input-error';

/** Big-endian and little-endian bytes of a number. */
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const le32 = (n: number) => [...le16(n & 0xffff), ...le16(n >>> 16)];

/** Only a file's first bytes: nothing that could be decoded. */
const png = (w: number, h: number) => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...be32(w), ...be32(h), 8, 6, 0, 0, 0]);
const gif = (w: number, h: number) => Uint8Array.from([...'GIF89a'].map((c) => c.charCodeAt(0)).concat(le16(w), le16(h), 0, 0, 0));
const bmp = (w: number, h: number) => Uint8Array.from([0x42, 0x4d, ...Array(16).fill(0), ...le32(w), ...le32(h), 1, 0, 24, 0]);
/** A JPEG whose frame header comes after an APP1 (EXIF) segment of `exif` bytes. */
function jpeg(w: number, h: number, exif = 40) {
	const app1 = [0xff, 0xe1, (exif + 2) >> 8, (exif + 2) & 255, ...Array(exif).fill(0)];
	const sof0 = [0xff, 0xc0, 0, 17, 8, h >> 8, h & 255, w >> 8, w & 255, 3];
	return Uint8Array.from([0xff, 0xd8, ...app1, 0xff, 0xdb, 0, 4, 0, 0, ...sof0]);
}
const webpExtended = (w: number, h: number) => {
	const riff = [...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...'WEBPVP8X'].map((c) => c.charCodeAt(0)), [10, 0, 0, 0], [0, 0, 0, 0]);
	const u24 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255];
	return Uint8Array.from([...riff, ...u24(w - 1), ...u24(h - 1)]);
};

describe('imageSize', () => {
	it('reads width and height from the header of every kind Attune takes, the rest of the file unread', () => {
		expect(imageSize(png(30000, 30000), 'png')).toEqual({ width: 30000, height: 30000 });
		expect(imageSize(gif(640, 480), 'gif')).toEqual({ width: 640, height: 480 });
		expect(imageSize(bmp(800, -600), 'bmp')).toEqual({ width: 800, height: 600 }); // a top-down bitmap
		expect(imageSize(jpeg(4000, 3000, 6000), 'jpeg')).toEqual({ width: 4000, height: 3000 });
		expect(imageSize(webpExtended(9000, 7000), 'webp')).toEqual({ width: 9000, height: 7000 });
	});

	it('says nothing when the bytes end before the size (decoding will say the file is damaged)', () => {
		expect(imageSize(png(10, 10).subarray(0, 20), 'png')).toBeUndefined();
		expect(imageSize(jpeg(10, 10, 600).subarray(0, 300), 'jpeg')).toBeUndefined();
	});
});

describe('checking an image before it is decoded', () => {
	const check = (name: string, head: Uint8Array) => {
		const type = checkImageFile(name, head.length, head);
		checkImageSize(name, imageSize(head, type));
	};

	it('refuses a 900-megapixel PNG of a few bytes, naming the file and its size, and takes one of 50 megapixels', () => {
		const refused = (() => {
			try {
				check('huge.png', png(30000, 30000));
			} catch (error) {
				return error;
			}
		})();

		expect(refused).toBeInstanceOf(InputError);
		expect((refused as Error).message).toBe(
			'“huge.png” is 30,000 × 30,000 pixels (900 megapixels), more than the 50 megapixels Attune takes: decoding it could use all of this device’s memory. Make it smaller and add it again.'
		);
		expect(() => check('photo.png', png(10000, MAX_PIXELS / 10000))).not.toThrow();
		expect(() => check('photo.jpg', jpeg(8000, 7000))).toThrow(/8,000 × 7,000 pixels \(56 megapixels\)/);
	});

	it('refuses an image whose header says it is empty', () => {
		expect(() => check('flat.gif', gif(0, 10))).toThrow('“flat.gif” says it is 0 × 10 pixels: it holds no picture.');
	});

	it('still refuses by bytes first: an empty file, and one over the size limit', () => {
		expect(() => checkImageFile('empty.png', 0, new Uint8Array())).toThrow('“empty.png” is empty (0 bytes).');
		expect(() => checkImageFile('big.png', MAX_IMAGE_BYTES + 1, png(10, 10))).toThrow(/at most 20 MB/);
	});
});
