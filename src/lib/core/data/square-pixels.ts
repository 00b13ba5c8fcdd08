import * as tf from '@tensorflow/tfjs';

/**
 * A picture's centre square, RGBA 0..255 at its own resolution ([side, side, 4]), as a model's
 * input: transparency on white, halved by 2x2 averages while it is more than twice the input's size
 * (so a big photo is not aliased), then resized bilinearly (half-pixel centres) to [height, width],
 * rounded to whole values as a canvas holds them, and in colour or grey. Returns [1, height, width, channels].
 *
 * The learner worker (worker/decode-pixels.ts) and the Node benches (bench/photos.ts) both resize
 * here, so the backbone sees the same pixels in the bench as in the app. Before, the worker let the
 * canvas resize: on the 100 CIFAR photos of the photos e2e its features were at a cosine of 0.83 from
 * the bench's, and a linear head on them 6 to 8 points less right after 3 labels a class.
 */
export function squareToInput(rgba: tf.Tensor3D, [height, width]: [number, number], channels: 1 | 3): tf.Tensor4D {
	return tf.tidy(() => {
		const [side] = rgba.shape;
		const alpha = tf.div(tf.slice(rgba, [0, 0, 3], [side, side, 1]), 255);
		let rgb: tf.Tensor3D = tf.add(tf.mul(tf.slice(rgba, [0, 0, 0], [side, side, 3]), alpha), tf.mul(tf.sub(1, alpha), 255));
		for (let s = side; s > 2 * Math.max(height, width); s = Math.floor(s / 2)) rgb = tf.avgPool(rgb, 2, 2, 'valid');
		const resized = tf.clipByValue(tf.image.resizeBilinear(rgb, [height, width], false, true), 0, 255);
		const pixels = channels === 3 ? resized : tf.sum(tf.mul(resized, tf.tensor1d([0.299, 0.587, 0.114])), 2, true);
		return tf.expandDims(tf.round(pixels), 0) as tf.Tensor4D;
	});
}
