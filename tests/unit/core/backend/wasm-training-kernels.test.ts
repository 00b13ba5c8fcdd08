import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '$lib/core/backend/wasm-training-kernels';

type Pad = 'same' | 'valid';
type Shape = [number, number, number, number];

/** The gradients of sum(f(x, W) * dy) by x and by W: exactly what a training step asks the backprop kernels for. */
async function gradients(backend: string, f: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, xShape: Shape, wShape: Shape) {
	await tf.setBackend(backend);
	const before = tf.memory().numTensors;
	const x = tf.randomNormal<tf.Rank.R4>(xShape, 0, 1, 'float32', 11);
	const w = tf.randomNormal<tf.Rank.R4>(wShape, 0, 1, 'float32', 13);
	const dy = tf.randomNormal<tf.Rank.R4>(tf.tidy(() => f(x, w).shape), 0, 1, 'float32', 12);
	const [dx, dw] = tf.grads((a, b) => tf.sum(tf.mul(f(a as tf.Tensor4D, b as tf.Tensor4D), dy)))([x, w]);
	const values = { dx: (await dx!.data()) as Float32Array, dw: (await dw!.data()) as Float32Array };
	tf.dispose([x, w, dy, dx!, dw!]);
	expect(tf.memory().numTensors).toBe(before);
	return values;
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
	expect(actual.length).toBe(expected.length);
	expect(expected.some((v) => v !== 0)).toBe(true);
	actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 3));
}

describe('the WASM training kernels', () => {
	beforeAll(() => registerWasmTrainingKernels());

	it.each([
		[1, 'same', 3],
		[2, 'same', 3],
		[1, 'valid', 3],
		[2, 'valid', 3],
		[1, 'same', 4],
		[1, 'valid', 5]
	] as const)('give a convolution the CPU kernel’s gradients (stride %i, %s padding, a filter %i wide)', async (stride, pad: Pad, size) => {
		const conv = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, stride, pad);
		const expected = await gradients('cpu', conv, [2, 9, 7, 3], [size, size, 3, 5]);

		const actual = await gradients('wasm', conv, [2, 9, 7, 3], [size, size, 3, 5]);

		expectClose(actual.dx, expected.dx);
		expectClose(actual.dw, expected.dw);
	});

	it.each([
		[2, 2, 'valid'],
		[3, 2, 'same'],
		[3, 1, 'valid']
	] as const)('give max pooling the CPU kernel’s gradient (a window %i wide, stride %i, %s padding)', async (window, stride, pad: Pad) => {
		// After a convolution, so the pooled input has ties only by chance, as in the CNN.
		const pooled = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.maxPool(tf.conv2d(x, w, 1, 'same'), window, stride, pad);
		const expected = await gradients('cpu', pooled, [2, 9, 8, 2], [3, 3, 2, 4]);

		const actual = await gradients('wasm', pooled, [2, 9, 8, 2], [3, 3, 2, 4]);

		expectClose(actual.dx, expected.dx);
	});
});

describe('the WASM depthwise convolution gradient', () => {
	beforeAll(() => registerWasmTrainingKernels());

	/** The gradient of sum(depthwise(x, W) * dy) by x alone: what a saliency map through MobileNet asks for. */
	async function inputGradient(backend: string, stride: number, pad: Pad, multiplier: number): Promise<Float32Array> {
		await tf.setBackend(backend);
		const before = tf.memory().numTensors;
		const x = tf.randomNormal<tf.Rank.R4>([2, 9, 7, 3], 0, 1, 'float32', 11);
		const w = tf.randomNormal<tf.Rank.R4>([3, 3, 3, multiplier], 0, 1, 'float32', 13);
		const f = (a: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, w, stride, pad);
		const dy = tf.randomNormal(tf.tidy(() => f(x).shape), 0, 1, 'float32', 12);
		const dx = tf.grad((a) => tf.sum(tf.mul(f(a), dy)))(x);
		const values = (await dx.data()) as Float32Array;
		tf.dispose([x, w, dy, dx]);
		expect(tf.memory().numTensors).toBe(before);
		return values;
	}

	it.each([
		[1, 'same', 1],
		[2, 'same', 1],
		[2, 'valid', 2],
		[1, 'valid', 3]
	] as const)('gives the CPU kernel’s gradient to the input (stride %i, %s padding, channel multiplier %i)', async (stride, pad: Pad, multiplier) => {
		const expected = await inputGradient('cpu', stride, pad, multiplier);

		const actual = await inputGradient('wasm', stride, pad, multiplier);

		expectClose(actual, expected);
	});
});
