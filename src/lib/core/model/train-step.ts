import * as tf from '@tensorflow/tfjs';

const EPSILON = 1e-7;

/**
 * Mean categorical cross-entropy of predicted probabilities (the models end in softmax, so this takes
 * probabilities, not logits). Clipped so a confident mistake gives a large, finite loss.
 */
export function crossEntropy(labels: tf.Tensor, probs: tf.Tensor): tf.Scalar {
	return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.log(tf.clipByValue(probs, EPSILON, 1))), -1))) as tf.Scalar);
}

/**
 * One optimiser step of cross-entropy on a batch. Returns the loss read asynchronously, so a GPU
 * backend is never stalled by a synchronous download.
 */
export async function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, xs: tf.Tensor, ys: tf.Tensor): Promise<number> {
	const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
	const loss = optimizer.minimize(() => crossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor), true, variables);
	if (!loss) throw new Error('the optimiser returned no loss');
	try {
		const [value] = await loss.data();
		return value!;
	} finally {
		loss.dispose();
	}
}
