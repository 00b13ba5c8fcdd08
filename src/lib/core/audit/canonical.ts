/**
 * One fixed text for a stored record, so its hash can be recomputed anywhere (here, or by anyone
 * reading an export): JSON with object keys sorted by UTF-16 code units at every depth, undefined
 * fields left out, and values JSON has no word for written as tagged objects:
 *   Uint8Array            {"$bytes":"<base64>"}
 *   other typed arrays    {"$bytes":"<base64 of their bytes>","$type":"Float32Array"} (also DataView, ArrayBuffer)
 *   NaN, ±Infinity        {"$number":"NaN"}
 *   Date                  {"$date":<ms since 1970>}
 * A plain object's own key that starts with "$" gets one more "$" in front, so a stored object can
 * never pass for a tagged value (the text stays one-to-one with what was stored).
 */

/** Tag of a built-in object, e.g. "Uint8Array" (works across realms, unlike instanceof). */
function tagOf(value: object): string {
	return Object.prototype.toString.call(value).slice(8, -1);
}

function base64(bytes: Uint8Array): string {
	let binary = '';
	// Chunks keep String.fromCharCode's argument list short.
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

function bytesOf(value: ArrayBufferView | ArrayBuffer): Uint8Array {
	return ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value);
}

/** A tagged value: its keys are written as they are (not escaped), in sorted order. */
function tagged(entries: Record<string, string | number>): string {
	const fields = Object.keys(entries).sort().map((key) => `${JSON.stringify(key)}:${JSON.stringify(entries[key])}`);
	return `{${fields.join(',')}}`;
}

function write(value: unknown): string {
	if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : tagged({ $number: String(value) });
	if (typeof value === 'bigint') return tagged({ $bigint: value.toString() });
	if (typeof value !== 'object') throw new TypeError(`A ${typeof value} cannot be written to the audit trail.`);
	const tag = tagOf(value);
	if (tag === 'Uint8Array') return tagged({ $bytes: base64(bytesOf(value as Uint8Array)) });
	if (ArrayBuffer.isView(value) || tag === 'ArrayBuffer') return tagged({ $bytes: base64(bytesOf(value as ArrayBuffer)), $type: tag });
	if (tag === 'Date') return tagged({ $date: (value as Date).getTime() });
	if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : write(item))).join(',')}]`;
	if (tag === 'Blob' || tag === 'File' || tag === 'Map' || tag === 'Set') throw new TypeError(`A ${tag} cannot be written to the audit trail.`);
	const fields = Object.keys(value)
		.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
		.sort()
		.map((key) => `${JSON.stringify(key.startsWith('$') ? `$${key}` : key)}:${write((value as Record<string, unknown>)[key])}`);
	return `{${fields.join(',')}}`;
}

/** The canonical text of a value (see the top of this file). Undefined at the top gives "null". */
export function canonicalJson(value: unknown): string {
	return value === undefined ? 'null' : write(value);
}

/** The text of `bytes` as the canonical form writes it, for tests and readers of an export. */
export function bytesToBase64(bytes: Uint8Array): string {
	return base64(bytes);
}
