import { Inflate } from 'fflate';
import { crc32 } from './crc32';
import { InputError } from './input-error';
import { damagedZip, dataStart, readCentralDirectory, type ZipEntry, type ZipLimits } from './zip-directory';

export type { ZipLimits };

const MB = 1024 * 1024;

/**
 * Caps on what a zip may unpack to: far above any real project (a 10,000-sample project is tens of MB),
 * far below what would exhaust a tab's memory.
 */
export const ZIP_LIMITS: ZipLimits = { maxEntries: 200_000, maxEntryBytes: 100 * MB, maxTotalBytes: 500 * MB };

/** The largest file worth reading at all: everything stored uncompressed, plus room for headers. */
export const MAX_ZIP_FILE_BYTES = ZIP_LIMITS.maxTotalBytes + 64 * MB;

/** Compressed bytes fed to the inflater at a time: bounds what one step can unpack (~1,000x) before it is counted. */
const FEED_BYTES = 16 * 1024;

/** An opened zip: every name checked, every declared size within the caps; entries unpack on demand. */
export interface SafeZip {
	names: string[];
	has(name: string): boolean;
	/** The entry's bytes; throws an InputError if it unpacks to more or less than declared, or is corrupt. */
	read(name: string): Uint8Array;
}

function shown(name: string): string {
	const printable = name.replace(/[\u0000-\u001f\u007f]/g, '�');
	return printable.length > 80 ? `${printable.slice(0, 80)}…` : printable;
}

/**
 * Refuses a name that could land outside the folder it is unpacked into, or mean different things on
 * different systems: absolute paths, drive letters, backslashes, "..", control characters (NUL).
 * Attune never writes these to disk, but a project file that holds one was not made by Attune.
 */
export function checkEntryName(name: string): void {
	const segments = name.replace(/\/$/, '').split('/');
	const unsafe =
		name.length === 0 ||
		/[\u0000-\u001f\u007f\\]/.test(name) ||
		name.startsWith('/') ||
		/^[a-zA-Z]:/.test(name) ||
		segments.some((s) => s === '' || s === '.' || s === '..');
	if (unsafe) {
		throw new InputError(`This file is unsafe to open: it holds an entry named “${shown(name)}”, which points outside the project. Nothing was imported.`);
	}
}

function lying(entry: ZipEntry): InputError {
	return new InputError(`This file is damaged or unsafe: “${shown(entry.name)}” unpacks to more than the ${entry.size} bytes it declares. Nothing was imported.`);
}

/** Inflates one entry, counting real output and stopping as soon as it passes the declared size. */
function inflate(compressed: Uint8Array, entry: ZipEntry): Uint8Array {
	const out = new Uint8Array(entry.size);
	let produced = 0;
	let ended = false;
	const inflater = new Inflate((chunk, final) => {
		if (produced + chunk.length > entry.size) throw lying(entry);
		out.set(chunk, produced);
		produced += chunk.length;
		ended ||= final;
	});
	try {
		for (let at = 0; at < compressed.length; at += FEED_BYTES) {
			const end = Math.min(compressed.length, at + FEED_BYTES);
			inflater.push(compressed.subarray(at, end), end === compressed.length);
		}
		if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
	} catch (error) {
		if (error instanceof InputError) throw error;
		throw damagedZip(`“${shown(entry.name)}” cannot be unpacked`);
	}
	if (!ended || produced !== entry.size) throw damagedZip(`“${shown(entry.name)}” is shorter than it declares`);
	return out;
}

function unpack(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
	if (entry.flags & 1) throw new InputError('This file is password-protected; Attune cannot open it. Nothing was imported.');
	const start = dataStart(bytes, entry);
	const end = start + entry.compressedSize;
	if (end > bytes.length) throw damagedZip('it ends early');
	const compressed = bytes.subarray(start, end);
	let data: Uint8Array;
	if (entry.method === 0) {
		if (entry.compressedSize !== entry.size) throw lying(entry);
		data = compressed.slice();
	} else if (entry.method === 8) data = inflate(compressed, entry);
	else throw new InputError(`This file uses a kind of zip compression Attune cannot read (method ${entry.method}). Nothing was imported.`);
	if (crc32(data) !== entry.crc) throw damagedZip(`“${shown(entry.name)}” is corrupt`);
	return data;
}

/** Checks the directory (count, declared sizes, names, no duplicates) before anything is unpacked. */
export function openZipSafely(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): SafeZip {
	const entries = new Map<string, ZipEntry>();
	for (const entry of readCentralDirectory(bytes, limits)) {
		checkEntryName(entry.name);
		if (entries.has(entry.name)) throw new InputError(`This file is damaged or unsafe: it holds “${shown(entry.name)}” twice. Nothing was imported.`);
		// Folder entries carry no data; the files inside them have their own entries.
		if (!entry.name.endsWith('/')) entries.set(entry.name, entry);
	}
	// Each entry stops at its declared size, and the declared sizes add up to at most the cap; this
	// running count keeps to the cap however often entries are read.
	let unpacked = 0;
	return {
		names: [...entries.keys()],
		has: (name) => entries.has(name),
		read(name) {
			const entry = entries.get(name);
			if (!entry) throw new Error(`no entry ${name}`);
			if (unpacked + entry.size > limits.maxTotalBytes) throw new InputError(`This file is too large to open safely: it unpacks to more than ${limits.maxTotalBytes / MB} MB. Nothing was imported.`);
			unpacked += entry.size;
			return unpack(bytes, entry);
		}
	};
}
