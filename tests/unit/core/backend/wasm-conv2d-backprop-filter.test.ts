import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { registerWasmConv2DBackpropFilter } from '$lib/core/backend/wasm-conv2d-backprop-filter';

async function filterGrad(backend: string, stride: number, pad: 'same' | 'valid'): Promise<Float32Array> {
	await tf.setBackend(backend);
	const x = tf.randomNormal<tf.Rank.R4>([2, 9, 7, 3], 0, 1, 'float32', 11);
	const dyShape = tf.conv2d(x, tf.zeros<tf.Rank.R4>([3, 3, 3, 5]), stride, pad).shape;
	const dy = tf.randomNormal<tf.Rank.R4>(dyShape, 0, 1, 'float32', 12);
	// d/dW of sum(conv(x, W) * dy) is exactly Conv2DBackpropFilter(x, dy).
	const w = tf.zeros<tf.Rank.R4>([3, 3, 3, 5]);
	const dW = tf.grad((filter) => tf.sum(tf.mul(tf.conv2d(x, filter as tf.Tensor4D, stride, pad), dy)))(w);
	const values = (await dW.data()) as Float32Array;
	tf.dispose([x, dy, w, dW]);
	return values;
}

describe('the WASM Conv2DBackpropFilter kernel', () => {
	it.each([
		[1, 'same'],
		[2, 'same'],
		[1, 'valid'],
		[2, 'valid']
	] as const)('matches the CPU kernel with stride %i and %s padding', async (stride, pad) => {
		registerWasmConv2DBackpropFilter();
		const expected = await filterGrad('cpu', stride, pad);

		const actual = await filterGrad('wasm', stride, pad);

		expect(actual.length).toBe(expected.length);
		actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 3));
	});
});
