import * as tf from '@tensorflow/tfjs';

/**
 * One optimiser step of categorical cross-entropy on a batch. Returns the loss read asynchronously,
 * so a GPU backend is never stalled by a synchronous download.
 */
export async function trainStep(
	model: tf.LayersModel,
	optimizer: tf.Optimizer,
	xs: tf.Tensor,
	ys: tf.Tensor
): Promise<number> {
	const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
	const loss = optimizer.minimize(
		() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar,
		true,
		variables
	);
	if (!loss) throw new Error('the optimiser returned no loss');
	try {
		const [value] = await loss.data();
		return value!;
	} finally {
		loss.dispose();
	}
}
