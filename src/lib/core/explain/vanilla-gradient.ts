import * as tf from '@tensorflow/tfjs';
import { classLogProb } from './class-score';
import type { Explainer } from './explainer';

/** |d log p(class) / d x|: which pixels would move the prediction most. Fast, noisy. */
export const vanillaGradient: Explainer = {
	id: 'vanilla-gradient',
	name: 'Gradient',
	async explain(model, input, classIndex) {
		const map = tf.tidy(() => tf.abs(tf.grad(classLogProb(model, classIndex))(input)));
		try {
			return (await map.data()) as Float32Array;
		} finally {
			map.dispose();
		}
	}
};
