import * as tf from '@tensorflow/tfjs';
import { classLogProb } from './class-score';
import type { Explainer } from './explainer';

const STEPS = 24;
// Input elements per batched gradient call: a 32x32 image takes every step in one call, a 224x224x3
// one is split so a large imported model's activations still fit in memory.
const BATCH_ELEMENTS = 1 << 18;

/**
 * Integrated Gradients (Sundararajan et al. 2017) from a black (all-zero) baseline: the input times
 * the gradient averaged along the straight path from the baseline, by the midpoint Riemann sum.
 * Unlike the plain gradient it credits features whose effect has saturated. With a zero baseline an
 * element that is itself 0 gets no attribution, as the method intends.
 */
export const integratedGradients: Explainer = {
	id: 'integrated-gradients',
	name: 'Integrated gradients',
	async explain(model, input, classIndex) {
		const perCall = Math.max(1, Math.min(STEPS, Math.floor(BATCH_ELEMENTS / input.size)));
		const score = classLogProb(model, classIndex);
		const ones = input.shape.slice(1).map(() => 1);
		let sum: tf.Tensor = tf.zerosLike(input);
		try {
			for (let from = 0; from < STEPS; from += perCall) {
				const count = Math.min(perCall, STEPS - from);
				const next = tf.tidy(() => {
					const alphas = tf.range(from + 0.5, from + count, 1).div(STEPS).reshape([count, ...ones]);
					// The score sums over the batch, so each scaled copy receives its own gradient.
					const grads = tf.grad(score)(tf.mul(alphas, input));
					return tf.add(sum, tf.sum(grads, 0, true));
				});
				sum.dispose();
				sum = next;
			}
			const map = tf.tidy(() => tf.abs(tf.mul(sum, input)).div(STEPS));
			try {
				return (await map.data()) as Float32Array;
			} finally {
				map.dispose();
			}
		} finally {
			sum.dispose();
		}
	}
};
