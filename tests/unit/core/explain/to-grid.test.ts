import { describe, expect, it } from 'vitest';
import { toGrid } from '$lib/core/explain/to-grid';

describe('toGrid', () => {
	it('averages the pixels under each cell, sums channels, and scales to 0..1', () => {
		// 4x4x2 input: the top-left 2x2 block holds 1 in both channels, one pixel of the bottom-right 3.
		const map = new Float32Array(4 * 4 * 2);
		for (const [y, x] of [[0, 0], [0, 1], [1, 0], [1, 1]]) map.fill(1, (y! * 4 + x!) * 2, (y! * 4 + x!) * 2 + 2);
		map[(3 * 4 + 3) * 2] = 3;

		const sut = toGrid(map, 4, 4, 2, 2);

		expect(Array.from(sut)).toEqual([1, 0, 0, 0.375]); // 2 and 3/4, scaled by the larger
	});

	it('repeats pixels when the input is smaller than the grid', () => {
		const sut = toGrid(Float32Array.from([0, 2]), 1, 2, 1, 4);

		expect(Array.from(sut)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
	});

	it('leaves an all-zero map at zero', () => {
		expect(toGrid(new Float32Array(16), 4, 4, 1, 2).every((v) => v === 0)).toBe(true);
	});
});
