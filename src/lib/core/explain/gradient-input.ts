import * as tf from '@tensorflow/tfjs';
import { classLogProb } from './class-score';
import type { Explainer } from './explainer';

/**
 * |gradient x input|: the gradient weighted by how much of each element is there, so blank pixels
 * (value 0) count for nothing however sensitive the model is to them.
 */
export const gradientInput: Explainer = {
	id: 'gradient-input',
	name: 'Gradient × input',
	async explain(model, input, classIndex) {
		const map = tf.tidy(() => tf.abs(tf.mul(tf.grad(classLogProb(model, classIndex))(input), input)));
		try {
			return (await map.data()) as Float32Array;
		} finally {
			map.dispose();
		}
	}
};
