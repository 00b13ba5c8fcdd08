import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/** Builders for zips no honest tool writes: lying sizes, a forged ZIP64 count, edited entries. */

const u32 = (d: Uint8Array, at: number) => new DataView(d.buffer, d.byteOffset).getUint32(at, true);
const u16 = (d: Uint8Array, at: number) => new DataView(d.buffer, d.byteOffset).getUint16(at, true);
const setU32 = (d: Uint8Array, at: number, v: number) => new DataView(d.buffer, d.byteOffset).setUint32(at, v, true);

export function zipOf(files: Record<string, Uint8Array | string>, level: 0 | 6 | 9 = 6): Uint8Array {
	const entries: Zippable = {};
	for (const [name, body] of Object.entries(files)) entries[name] = typeof body === 'string' ? strToU8(body) : body;
	return zipSync(entries, { level });
}

/** Unzips, lets `edit` change the entries (add, delete, replace), zips again. */
export function editZip(zip: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
	const files = unzipSync(zip);
	edit(files);
	return zipSync(files);
}

function endRecord(zip: Uint8Array): number {
	for (let at = zip.length - 22; at >= 0; at--) if (u32(zip, at) === 0x06054b50) return at;
	throw new Error('no end record');
}

/** Each central-directory record: where it is, the entry's name and its local header's offset. */
export function centralRecords(zip: Uint8Array): { at: number; name: string; local: number }[] {
	const end = endRecord(zip);
	const records = [];
	for (let i = 0, at = u32(zip, end + 16); i < u16(zip, end + 10); i++) {
		const nameLength = u16(zip, at + 28);
		records.push({ at, name: new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)), local: u32(zip, at + 42) });
		at += 46 + nameLength + u16(zip, at + 30) + u16(zip, at + 32);
	}
	return records;
}

/** Rewrites an entry's declared unpacked size, in the directory and in its local header alike. */
export function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
	const out = zip.slice();
	const record = centralRecords(out).find((r) => r.name === name);
	if (!record) throw new Error(`no entry ${name}`);
	setU32(out, record.at + 24, size);
	setU32(out, record.local + 22, size);
	return out;
}

/** A ZIP64 end record claiming `count` entries (the real directory is unchanged). */
export function claimEntries(zip: Uint8Array, count: number): Uint8Array {
	const end = endRecord(zip);
	const record64 = new Uint8Array(56);
	const view = new DataView(record64.buffer);
	view.setUint32(0, 0x06064b50, true);
	view.setBigUint64(4, 44n, true);
	view.setBigUint64(24, BigInt(count), true);
	view.setBigUint64(32, BigInt(count), true);
	view.setBigUint64(40, BigInt(u32(zip, end + 12)), true);
	view.setBigUint64(48, BigInt(u32(zip, end + 16)), true);
	const locator = new Uint8Array(20);
	const lv = new DataView(locator.buffer);
	lv.setUint32(0, 0x07064b50, true);
	lv.setBigUint64(8, BigInt(end), true);
	lv.setUint32(16, 1, true);
	const tail = zip.slice(end);
	new DataView(tail.buffer).setUint16(8, 0xffff, true);
	new DataView(tail.buffer).setUint16(10, 0xffff, true);
	const out = new Uint8Array(end + 56 + 20 + tail.length);
	out.set(zip.subarray(0, end));
	out.set(record64, end);
	out.set(locator, end + 56);
	out.set(tail, end + 76);
	return out;
}
