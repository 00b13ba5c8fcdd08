import { crc32, deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
// A plain ES module (with JSDoc types) shared with the benchmarks.
import { makeImages as draw } from '../../bench/shapes.mjs';

export interface TestImage {
	name: string;
	mimeType: string;
	buffer: Buffer;
}

/** PNGs of visually distinct kinds ("ring", "bars", "cross", "blot", "speckle", "negative"), drawn by the browser with a little jitter. */
export function makeImages(page: Page, kind: 'ring' | 'bars' | 'cross' | 'blot' | 'speckle' | 'negative', count: number, seed = 1): Promise<TestImage[]> {
	return draw(page, kind, count, seed);
}

/**
 * A PNG whose header says it is `width` × `height` pixels, with a few bytes of image data: what a
 * huge scan or a "decompression bomb" looks like before decoding (a 30,000 × 30,000 one is a few
 * hundred bytes here, 900 megapixels decoded).
 */
export function oversizedPng(width: number, height: number): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
	return png(header, Buffer.alloc(4096));
}

/** A greyscale PNG of `width` × `height` pixels (0 black, 255 white, row by row). */
export function greyPng(width: number, height: number, pixels: Uint8Array): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 0, 0, 0, 0], 8); // 8-bit grey, no interlace
	const rows = Buffer.alloc(height * (width + 1)); // each row after its filter byte (0: none)
	for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
	return png(header, rows);
}

function png(header: Buffer, rows: Buffer): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([length, body, crc]);
	};
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
