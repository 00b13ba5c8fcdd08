import { describe, expect, it } from 'vitest';
import { canonicalJson as sut } from '$lib/core/audit/canonical';

describe('canonicalJson', () => {
	it('sorts keys at every depth, so the order fields were set in does not matter', () => {
		const a = { b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } };
		const b = { a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 };

		expect(sut(a)).toBe('{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
		expect(sut(b)).toBe(sut(a));
	});

	it('leaves out undefined fields, as a stored copy would read back', () => {
		expect(sut({ a: 1, b: undefined, c: { d: undefined } })).toBe('{"a":1,"c":{}}');
		expect(sut([1, undefined])).toBe('[1,null]');
	});

	it('writes bytes as base64, tagging typed arrays other than Uint8Array with their kind', () => {
		expect(sut({ painted: new Uint8Array([0, 1, 255]) })).toBe('{"painted":{"$bytes":"AAH/"}}');
		expect(sut(new Float32Array([1]))).toBe('{"$bytes":"AACAPw==","$type":"Float32Array"}');
		expect(sut(new Uint8Array([1, 2, 3]).subarray(1))).toBe('{"$bytes":"AgM="}');
		const big = Uint8Array.from({ length: 70_000 }, (_, i) => i % 251);
		expect(Buffer.from(JSON.parse(sut(big)).$bytes, 'base64').equals(big)).toBe(true);
	});

	it('tells apart values plain JSON would merge', () => {
		expect(sut(NaN)).not.toBe(sut(null));
		expect(sut(Infinity)).not.toBe(sut(-Infinity));
		expect(sut({ $bytes: 'AAH/' })).not.toBe(sut(new Uint8Array([0, 1, 255])));
		expect(sut({ $bytes: 'AAH/' })).toBe('{"$$bytes":"AAH/"}');
	});

	it('refuses what it cannot write faithfully', () => {
		expect(() => sut({ blob: new Blob(['x']) })).toThrow(/Blob cannot be written/);
		expect(() => sut({ f: () => 1 })).toThrow(/function cannot be written/);
	});
});
