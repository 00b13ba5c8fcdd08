import * as tf from '@tensorflow/tfjs';

/**
 * tfjs has no gradient for MaxPoolGrad, the kernel that carries a gradient back through max pooling,
 * so a loss made of input gradients (below) could not be trained through a pooled CNN. Its gradient
 * with respect to the incoming gradient `dy` sends each window's upstream value back from the one
 * input position max pooling chose: the same choice MaxPoolGrad makes, taken from MaxPoolGrad itself
 * (run on ones), then summed over each window. Positions are piecewise constant in the input, so the
 * other two inputs get zero.
 */
export function registerMaxPoolGradGradient(): void {
	if (tf.getGradient('MaxPoolGrad')) return;
	tf.registerGradient({
		kernelName: 'MaxPoolGrad',
		inputsToSave: ['dy', 'input', 'output'],
		gradFunc: (ddx, saved, attrs) => {
			const [dy, input, output] = saved as tf.Tensor4D[];
			const { filterSize, strides, pad } = attrs as unknown as { filterSize: [number, number]; strides: [number, number]; pad: 'valid' | 'same' | number };
			return {
				dy: () => {
					const chosen = tf.engine().runKernel('MaxPoolGrad', { dy: tf.onesLike(dy!), input: input!, output: output! }, attrs) as tf.Tensor4D;
					const area = (Array.isArray(filterSize) ? filterSize[0] * filterSize[1] : filterSize * filterSize) as number;
					return tf.mul(tf.avgPool(tf.mul(ddx as tf.Tensor4D, chosen) as tf.Tensor4D, filterSize, strides, pad), area);
				},
				input: () => tf.zerosLike(input!),
				output: () => tf.zerosLike(output!)
			};
		}
	});
}

/**
 * The "right for the right reasons" penalty (Ross et al. 2017): for each sample, the squared input
 * gradient of its summed log-probabilities inside its mask (1 where the human said "this should not
 * matter"), summed over the input and averaged over the batch. Differentiable in the weights, so adding
 * lambda times it to the loss teaches the model to stop using the masked region.
 */
export function explanationPenalty(model: tf.LayersModel, xs: tf.Tensor, masks: tf.Tensor): tf.Scalar {
	registerMaxPoolGradGradient();
	// log(p + eps), not a clip: clipByValue's gradient has no gradient of its own (LogicalAnd).
	const logProbSum = (x: tf.Tensor) => tf.sum(tf.log(tf.add(model.apply(x, { training: true }) as tf.Tensor, 1e-7))) as tf.Scalar;
	const inputGradient = tf.grad(logProbSum)(xs);
	return tf.div(tf.sum(tf.square(tf.mul(masks, inputGradient))), xs.shape[0]!) as tf.Scalar;
}
