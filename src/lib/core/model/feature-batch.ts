import * as tf from '@tensorflow/tfjs';

/** A batch tensor [n, width] of feature vectors (a row's values, an extractor's features). */
export function featureBatch(inputs: readonly ArrayLike<number>[], width: number): tf.Tensor2D {
	const values = new Float32Array(inputs.length * width);
	inputs.forEach((input, i) => {
		if (input.length !== width) throw new Error(`a feature vector must have ${width} values, not ${input.length}`);
		values.set(input, i * width);
	});
	return tf.tensor2d(values, [inputs.length, width]);
}
