/**
 * JSON that keeps the binary parts of stored rows (a sample's 32x32 `input`, painted masks) as
 * base64, tagged with their array type, so rows come back as the same typed arrays they left as.
 */

export const TYPED_ARRAYS = {
	Uint8Array,
	Uint8ClampedArray,
	Int8Array,
	Uint16Array,
	Int16Array,
	Uint32Array,
	Int32Array,
	Float32Array,
	Float64Array
} as const;
export type TypedArrayName = keyof typeof TYPED_ARRAYS;

interface TaggedBytes {
	$typed: TypedArrayName | 'ArrayBuffer';
	base64: string;
}

export function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}

function tag(value: unknown): unknown {
	if (value instanceof ArrayBuffer) return { $typed: 'ArrayBuffer', base64: toBase64(new Uint8Array(value)) } satisfies TaggedBytes;
	if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
		const name = (Object.keys(TYPED_ARRAYS) as TypedArrayName[]).find((n) => value instanceof TYPED_ARRAYS[n]);
		if (!name) throw new Error(`cannot store a ${value.constructor.name} in a project file`);
		return { $typed: name, base64: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) } satisfies TaggedBytes;
	}
	// A Blob would silently become {}: every file must travel as its own zip entry.
	if (typeof Blob !== 'undefined' && value instanceof Blob) throw new Error('a Blob cannot be written as JSON');
	return value;
}

function untag(value: unknown): unknown {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
	const keys = Object.keys(value);
	if (keys.length !== 2 || !keys.includes('$typed') || !keys.includes('base64')) return value;
	const { $typed, base64 } = value as TaggedBytes;
	if (typeof base64 !== 'string') throw new Error('binary data that is not base64');
	const bytes = fromBase64(base64);
	if ($typed === 'ArrayBuffer') return bytes.buffer;
	const Type = Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, $typed) ? TYPED_ARRAYS[$typed as TypedArrayName] : undefined;
	if (!Type || bytes.length % Type.BYTES_PER_ELEMENT) throw new Error(`binary data of an unknown kind (${String($typed)})`);
	return new Type(bytes.buffer as ArrayBuffer, 0, bytes.length / Type.BYTES_PER_ELEMENT);
}

export function stringifyPortable(value: unknown): string {
	return JSON.stringify(value, (_, v) => tag(v));
}

/**
 * Parses portable JSON. Keys named "__proto__" are dropped: harmless in parsed JSON, they could
 * change an object's prototype once copied with Object.assign. Throws a plain Error on bad input.
 */
export function parsePortable(text: string): unknown {
	return JSON.parse(text, (key, value) => (key === '__proto__' ? undefined : untag(value)));
}
