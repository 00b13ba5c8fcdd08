import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pngWithoutMetadata } from '$lib/core/data/png-chunks';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: length, type, data, CRC. */
function chunk(type: string, data: Buffer | string): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)]);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length - 4);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

const ihdr = chunk('IHDR', Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 6, 0, 0, 0]));
const idat = chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]));
const iend = chunk('IEND', '');
const png = (...chunks: Buffer[]) => new Uint8Array(Buffer.concat([SIGNATURE, ...chunks]));

describe('pngWithoutMetadata', () => {
	it('keeps the picture’s chunks byte for byte and drops text, time and every other metadata chunk', () => {
		const trns = chunk('tRNS', Buffer.from([0, 0]));
		const withMetadata = png(ihdr, chunk('tEXt', 'GPS\0Latitude=51.5074N'), chunk('tIME', Buffer.alloc(7)), trns, idat, chunk('iTXt', 'Author\0\0\0\0\0me'), iend);

		const sut = pngWithoutMetadata(withMetadata);

		expect(sut).toEqual(png(ihdr, trns, idat, iend));
		expect(Buffer.from(sut!).includes('Latitude')).toBe(false);
	});

	it('gives a PNG without metadata back unchanged', () => {
		expect(pngWithoutMetadata(png(ihdr, idat, iend))).toEqual(png(ihdr, idat, iend));
	});

	it.each([
		['an EXIF chunk (its orientation turns the picture)', png(ihdr, chunk('eXIf', 'MM\0*'), idat, iend)],
		['a colour profile', png(ihdr, chunk('iCCP', 'sRGB\0\0x'), idat, iend)],
		['an animation', png(ihdr, chunk('acTL', Buffer.alloc(8)), idat, iend)],
		['a truncated file', png(ihdr, idat, iend).slice(0, 50)],
		['a file with no end chunk', png(ihdr, idat)],
		['a file that does not begin with its header chunk', png(idat, ihdr, iend)],
		['not a PNG', new Uint8Array(Buffer.from('GIF89a......'))]
	])('says null (re-encode it) for %s', (_, bytes) => {
		expect(pngWithoutMetadata(bytes)).toBeNull();
	});
});
