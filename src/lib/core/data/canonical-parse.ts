import { fromBase64, TYPED_ARRAYS, type TypedArrayName } from './portable-json';

/**
 * Reads back the audit trail's canonical record text (core/audit/canonical.ts), so a project file's
 * events.jsonl can be that text: anyone can recompute each record's hash from the file itself, and
 * Attune gets every record back as it was stored.
 */

type Json = Record<string, unknown>;

function bytesValue(tag: Json): unknown {
	if (typeof tag.$bytes !== 'string') throw new Error('bytes that are not base64');
	const bytes = fromBase64(tag.$bytes);
	const type = tag.$type ?? 'Uint8Array';
	if (type === 'ArrayBuffer') return bytes.buffer;
	if (type === 'DataView') return new DataView(bytes.buffer);
	const Type = Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, type as string) ? TYPED_ARRAYS[type as TypedArrayName] : undefined;
	if (!Type || bytes.length % Type.BYTES_PER_ELEMENT) throw new Error(`bytes of an unknown kind (${String(type)})`);
	return new Type(bytes.buffer as ArrayBuffer, 0, bytes.length / Type.BYTES_PER_ELEMENT);
}

/** A tagged value back to what it stands for; a plain object gets its escaped "$$" keys back as "$". */
function revive(key: string, value: unknown): unknown {
	// Parsed JSON may hold an own "__proto__" key; dropped, it can never reach an object's prototype.
	if (key === '__proto__') return undefined;
	if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
	const object = value as Json;
	const keys = Object.keys(object);
	if (!keys.some((k) => k.startsWith('$') && !k.startsWith('$$'))) {
		return keys.some((k) => k.startsWith('$$')) ? Object.fromEntries(keys.map((k) => [k.startsWith('$$') ? k.slice(1) : k, object[k]])) : object;
	}
	if ('$bytes' in object) return bytesValue(object);
	if (keys.length === 1 && typeof object.$number === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(object.$number)) return Number(object.$number);
	if (keys.length === 1 && typeof object.$date === 'number') return new Date(object.$date);
	if (keys.length === 1 && typeof object.$bigint === 'string' && /^-?\d+$/.test(object.$bigint)) return BigInt(object.$bigint);
	throw new Error(`an unknown tagged value (${keys.join(', ')})`);
}

/** One canonical line back to the record it was written from; throws a plain Error on anything else. */
export function parseCanonical(text: string): unknown {
	return JSON.parse(text, revive);
}
