import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { squareToInput } from '$lib/core/data/square-pixels';

/** A side x side RGBA square: left half red, right half blue, opaque unless `alpha` says. */
function halves(side: number, alpha = 255): tf.Tensor3D {
	const data = new Float32Array(side * side * 4);
	for (let y = 0; y < side; y++)
		for (let x = 0; x < side; x++) data.set(x < side / 2 ? [255, 0, 0, alpha] : [0, 0, 255, alpha], (y * side + x) * 4);
	return tf.tensor3d(data, [side, side, 4]);
}

describe('a picture as a backbone input', () => {
	it('keeps where the colours are at the input size, in whole values 0..255, and leaks no tensor', () => {
		const square = halves(64);
		const before = tf.memory().numTensors;
		const input = squareToInput(square, [8, 8], 3);
		expect(input.shape).toEqual([1, 8, 8, 3]);
		const pixels = input.arraySync()[0]!;
		expect(pixels[4]![0]).toEqual([255, 0, 0]); // left edge: red
		expect(pixels[4]![7]).toEqual([0, 0, 255]); // right edge: blue
		const values = input.dataSync();
		expect(values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
		input.dispose();
		expect(tf.memory().numTensors).toBe(before);
		square.dispose();
	});

	it('averages a big photo down before the resize, so a fine pattern turns grey instead of aliasing to one colour', () => {
		// One-pixel black and white stripes, 240 wide, to 16: plain bilinear sampling lands on every 15th
		// column, all of them white.
		const side = 240;
		const data = new Float32Array(side * side * 4);
		for (let i = 0; i < side * side; i++) data.set(i % 2 === 0 ? [0, 0, 0, 255] : [255, 255, 255, 255], i * 4);
		const square = tf.tensor3d(data, [side, side, 4]);
		const input = squareToInput(square, [16, 16], 1);
		const values = [...input.dataSync()];
		expect(Math.min(...values)).toBeGreaterThan(100);
		expect(Math.max(...values)).toBeLessThan(155);
		tf.dispose([square, input]);
	});

	it('draws transparency on white and gives grey as luminance', () => {
		const square = halves(16, 0);
		const input = squareToInput(square, [4, 4], 1);
		expect([...input.dataSync()].every((v) => v === 255)).toBe(true);
		tf.dispose([square, input]);
		const red = halves(16);
		const grey = squareToInput(red, [4, 4], 1);
		expect(grey.arraySync()[0]![0]![0]).toEqual([Math.round(0.299 * 255)]);
		tf.dispose([red, grey]);
	});
});
