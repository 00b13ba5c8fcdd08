import { InputError } from './input-error';

/**
 * Reads a zip's central directory by hand, without inflating anything, so its declared sizes and
 * entry count can be checked against the caps before a single byte is unpacked.
 */

/** One file as the central directory describes it. The directory is the authority for sizes and names. */
export interface ZipEntry {
	name: string;
	flags: number;
	/** 0 stored, 8 deflated; anything else is refused. */
	method: number;
	crc: number;
	compressedSize: number;
	/** The declared unpacked size; unpacking counts real bytes and stops past it, since it can lie. */
	size: number;
	localOffset: number;
}

export interface ZipLimits {
	maxEntries: number;
	maxEntryBytes: number;
	maxTotalBytes: number;
}

const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50, end64: 0x06064b50, locator64: 0x07064b50 };
const MB = 1024 * 1024;

export const notAZip = () => new InputError('This is not an Attune project file: it is not a zip archive. Nothing was imported.');
export const damagedZip = (why: string) =>
	new InputError(`This file is damaged or incomplete (${why}); it may not have finished downloading. Nothing was imported.`);
const tooBig = (what: string) => new InputError(`This file is too large to open safely: ${what}. Nothing was imported.`);

export const u16 = (d: Uint8Array, at: number) => d[at]! | (d[at + 1]! << 8);
export const u32 = (d: Uint8Array, at: number) => (d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16) | (d[at + 3]! << 24)) >>> 0;
const u64 = (d: Uint8Array, at: number) => u32(d, at) + u32(d, at + 4) * 2 ** 32;

export function inBounds(d: Uint8Array, at: number, length: number): boolean {
	return at >= 0 && at + length <= d.length;
}

/** The end-of-directory record sits last, after an optional comment of up to 65,535 bytes. */
function findEnd(d: Uint8Array): number {
	for (let at = d.length - 22; at >= Math.max(0, d.length - 22 - 65535); at--) {
		if (u32(d, at) === SIG.end && at + 22 + u16(d, at + 20) <= d.length) return at;
	}
	return -1;
}

interface Directory {
	count: number;
	offset: number;
	size: number;
	/** Where the directory must end: the start of the end records. */
	limit: number;
}

function readEnd(d: Uint8Array): Directory {
	const startsLikeZip = d.length >= 4 && d[0] === 0x50 && d[1] === 0x4b;
	const end = findEnd(d);
	if (end < 0) throw startsLikeZip ? damagedZip('its end is missing') : notAZip();
	if (u16(d, end + 4) !== 0 || u16(d, end + 6) !== 0) throw new InputError('This file is one part of a split zip archive; Attune opens only whole files. Nothing was imported.');
	let dir: Directory = { count: u16(d, end + 10), size: u32(d, end + 12), offset: u32(d, end + 16), limit: end };
	// ZIP64: the real figures are in a larger record, found through a locator just before this one.
	if (dir.count === 0xffff || dir.size === 0xffffffff || dir.offset === 0xffffffff) {
		const locator = end - 20;
		if (!inBounds(d, locator, 20) || u32(d, locator) !== SIG.locator64) throw damagedZip('its ZIP64 directory is missing');
		const at = u64(d, locator + 8);
		if (!inBounds(d, at, 56) || at > locator || u32(d, at) !== SIG.end64) throw damagedZip('its ZIP64 directory is missing');
		dir = { count: u64(d, at + 32), size: u64(d, at + 40), offset: u64(d, at + 48), limit: at };
	}
	return dir;
}

/** Sizes at 0xffffffff live in the ZIP64 extra field (id 1), in this order, each present only if needed. */
function zip64Sizes(d: Uint8Array, extraAt: number, extraLength: number, entry: ZipEntry): void {
	const wanted = (['size', 'compressedSize', 'localOffset'] as const).filter((k) => entry[k] === 0xffffffff);
	if (!wanted.length) return;
	for (let p = extraAt; p + 4 <= extraAt + extraLength; p += 4 + u16(d, p + 2)) {
		if (u16(d, p) !== 1) continue;
		if (u16(d, p + 2) < wanted.length * 8) break;
		wanted.forEach((key, i) => (entry[key] = u64(d, p + 4 + i * 8)));
		return;
	}
	throw damagedZip('an entry’s ZIP64 sizes are missing');
}

/** Every entry, checked against the caps on count and declared sizes; nothing is unpacked here. */
export function readCentralDirectory(d: Uint8Array, limits: ZipLimits): ZipEntry[] {
	const dir = readEnd(d);
	if (dir.count > limits.maxEntries) throw tooBig(`it holds ${dir.count.toLocaleString('en')} files, more than the ${limits.maxEntries.toLocaleString('en')} Attune takes`);
	if (dir.offset + dir.size > dir.limit) throw damagedZip('its directory points past its end');
	const entries: ZipEntry[] = [];
	const names = new TextDecoder();
	let total = 0;
	let p = dir.offset;
	for (let i = 0; i < dir.count; i++) {
		if (!inBounds(d, p, 46) || p + 46 > dir.offset + dir.size || u32(d, p) !== SIG.central) throw damagedZip('its directory is cut short');
		const nameLength = u16(d, p + 28), extraLength = u16(d, p + 30), commentLength = u16(d, p + 32);
		const next = p + 46 + nameLength + extraLength + commentLength;
		if (next > dir.offset + dir.size) throw damagedZip('its directory is cut short');
		const entry: ZipEntry = {
			name: names.decode(d.subarray(p + 46, p + 46 + nameLength)),
			flags: u16(d, p + 8),
			method: u16(d, p + 10),
			crc: u32(d, p + 16),
			compressedSize: u32(d, p + 20),
			size: u32(d, p + 24),
			localOffset: u32(d, p + 42)
		};
		zip64Sizes(d, p + 46 + nameLength, extraLength, entry);
		if (entry.size > limits.maxEntryBytes) throw tooBig(`one file in it unpacks to ${Math.ceil(entry.size / MB)} MB, more than the ${limits.maxEntryBytes / MB} MB Attune takes`);
		total += entry.size;
		if (total > limits.maxTotalBytes) throw tooBig(`it unpacks to more than ${limits.maxTotalBytes / MB} MB`);
		entries.push(entry);
		p = next;
	}
	return entries;
}

/** Where an entry's data starts, read from its local header (whose own sizes are ignored: the directory's count). */
export function dataStart(d: Uint8Array, entry: ZipEntry): number {
	const at = entry.localOffset;
	if (!inBounds(d, at, 30)) throw damagedZip('it ends early');
	if (u32(d, at) !== SIG.local) throw damagedZip('an entry is not where its directory says');
	return at + 30 + u16(d, at + 26) + u16(d, at + 28);
}
