import * as tf from '@tensorflow/tfjs';
import { explanationPenalty } from './explanation-penalty';

const EPSILON = 1e-7;

/**
 * Mean categorical cross-entropy of predicted probabilities (the models end in softmax, so this takes
 * probabilities, not logits). Clipped so a confident mistake gives a large, finite loss.
 */
export function crossEntropy(labels: tf.Tensor, probs: tf.Tensor): tf.Scalar {
	return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.log(tf.clipByValue(probs, EPSILON, 1))), -1))) as tf.Scalar);
}

/** The explanation penalty of a step: its masks (the shape of the inputs) and lambda. */
export interface Penalty {
	masks: tf.Tensor;
	weight: number;
}

/**
 * One optimiser step of cross-entropy on a batch, plus the explanation penalty when given. Returns
 * the loss read asynchronously, so a GPU backend is never stalled by a synchronous download.
 */
export async function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, xs: tf.Tensor, ys: tf.Tensor, penalty?: Penalty, decay = 0): Promise<number> {
	const loss = optimizer.minimize(() => batchLoss(model, xs, ys, penalty, decay), true, trainable(model));
	if (!loss) throw new Error('the optimiser returned no loss');
	try {
		const [value] = await loss.data();
		return value!;
	} finally {
		loss.dispose();
	}
}

/**
 * The gradient of `share` times a batch's loss by the model's trainable weights (by variable name, as
 * an optimiser applies them), and that scaled loss: a part of a step taken in parts (step-in-parts.ts).
 */
export function partGradients(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor, penalty: Penalty | undefined, share: number, decay = 0): { loss: tf.Scalar; grads: tf.NamedTensorMap } {
	const { value, grads } = tf.variableGrads(() => tf.mul(batchLoss(model, xs, ys, penalty, decay), share) as tf.Scalar, trainable(model));
	return { loss: value, grads };
}

function trainable(model: tf.LayersModel): tf.Variable[] {
	return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

function batchLoss(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor, penalty: Penalty | undefined, decay: number): tf.Scalar {
	let loss = crossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor);
	if (penalty) loss = tf.add(loss, tf.mul(penalty.weight, explanationPenalty(model, xs, penalty.masks)));
	return decay > 0 ? (tf.add(loss, tf.mul(decay, weightNorm(model))) as tf.Scalar) : loss;
}

/** The summed squares of the model's kernels (not its biases): weight decay, as an L2 term of the loss. */
function weightNorm(model: tf.LayersModel): tf.Scalar {
	const kernels = model.trainableWeights.filter((w) => w.shape.length >= 2).map((w) => tf.sum(tf.square(w.read())));
	return tf.addN(kernels) as tf.Scalar;
}
