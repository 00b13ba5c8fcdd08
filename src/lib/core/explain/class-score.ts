import * as tf from '@tensorflow/tfjs';
import type { Classifier } from './explainer';

/**
 * A function of the input giving the summed log-probability of `classIndex`, differentiable on every
 * backend: a one-hot mask instead of gather(), whose gradient WASM lacks.
 */
export function classLogProb(model: Classifier, classIndex: number): (x: tf.Tensor) => tf.Scalar {
	return (x: tf.Tensor) => {
		const probs = model(x) as tf.Tensor2D;
		const mask = tf.oneHot(tf.fill([probs.shape[0]], classIndex, 'int32'), probs.shape[1]);
		return tf.sum(tf.mul(tf.log(tf.clipByValue(probs, 1e-7, 1)), mask));
	};
}
