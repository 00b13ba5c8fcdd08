import * as tf from '@tensorflow/tfjs';
import { classLogProb } from './class-score';
import type { Explainer } from './explainer';

const SAMPLES = 12;
const NOISE = 0.15; // share of the input's value range (Smilkov et al. 2017 suggest 10-20%)

/** Gradients averaged over noisy copies of the input: steadier maps than the plain gradient. */
export const smoothGrad: Explainer = {
	id: 'smoothgrad',
	name: 'SmoothGrad',
	async explain(model, input, classIndex, options = {}) {
		const map = tf.tidy(() => {
			const [lo, hi] = [input.min(), input.max()];
			const sigma = tf.maximum(tf.sub(hi, lo), 1e-3).mul(NOISE);
			const copies = tf.tile(input, [SAMPLES, ...input.shape.slice(1).map(() => 1)]);
			const noisy = tf.add(copies, tf.mul(tf.randomNormal(copies.shape, 0, 1, 'float32', options.seed ?? 1), sigma));
			const grads = tf.abs(tf.grad(classLogProb(model, classIndex))(noisy));
			return tf.mean(grads, 0, true);
		});
		try {
			return (await map.data()) as Float32Array;
		} finally {
			map.dispose();
		}
	}
};
