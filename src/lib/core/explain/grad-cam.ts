import * as tf from '@tensorflow/tfjs';
import { classLogProb } from './class-score';
import type { Explainer } from './explainer';

/**
 * Grad-CAM (Selvaraju et al. 2017): the last conv block's feature maps, each weighted by the spatial
 * mean of the class score's gradient on it, summed, kept where positive and stretched back over the
 * input. Coarse (one value per feature cell) but follows objects rather than edges.
 */
export const gradCam: Explainer = {
	id: 'grad-cam',
	name: 'Grad-CAM',
	appliesTo: (model) => !!model.conv,
	async explain(model, input, classIndex) {
		const conv = model.conv;
		if (!conv) throw new Error('Grad-CAM needs a conv net: this model has no convolution block to split at');
		if (input.rank !== 4) throw new Error(`Grad-CAM needs an image input [1, height, width, channels], got rank ${input.rank}`);
		const [, height, width, channels] = input.shape as [number, number, number, number];
		const map = tf.tidy(() => {
			const features = conv.features(input);
			// The log-probability, as the other explainers score: its gradient does not vanish when the
			// softmax saturates, as the raw probability's would.
			const score = classLogProb((f) => conv.head(f as tf.Tensor4D), classIndex);
			const grads = tf.grad(score)(features);
			const weights = tf.mean(grads, [1, 2], true);
			const cam = tf.relu(tf.sum(tf.mul(features, weights), -1, true));
			// Half-pixel centres keep each feature cell over the input pixels it was computed from.
			const upsampled = tf.image.resizeBilinear(cam as tf.Tensor4D, [height, width], false, true);
			return tf.tile(upsampled, [1, 1, 1, channels]);
		});
		try {
			return (await map.data()) as Float32Array;
		} finally {
			map.dispose();
		}
	}
};
