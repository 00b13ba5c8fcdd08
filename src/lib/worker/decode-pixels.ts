import * as tf from '@tensorflow/tfjs';
import { centerSquare } from '$lib/core/data/image-file';
import { squareToInput } from '$lib/core/data/square-pixels';

/**
 * The centre square is read at its own resolution up to this many times the model's input side; a
 * bigger photo is first scaled down by the browser (a 12-megapixel photo would be 190 MB of floats).
 */
const MAX_SIDE_PER_INPUT = 4;

/**
 * An image (a stored sample's file or a camera frame) as pixels 0..255, [1, height, width, channels],
 * cropped to its centre square as the 32x32 model input is, so saliency lines up with the thumbnail.
 * Transparency is drawn on white, as drawings are seen. The resize is squareToInput's, as in the benches.
 */
export async function decodePixels(source: Blob | ImageBitmap, size: [number, number], channels: 1 | 3): Promise<tf.Tensor4D> {
	const bitmap = source instanceof Blob ? await createImageBitmap(source) : source;
	try {
		const { x, y, size: square } = centerSquare(bitmap.width, bitmap.height);
		const side = Math.max(1, Math.min(square, MAX_SIDE_PER_INPUT * Math.max(...size)));
		const canvas = new OffscreenCanvas(side, side);
		const ctx = canvas.getContext('2d', { willReadFrequently: true });
		if (!ctx) throw new Error('This browser cannot draw images off screen (no 2D OffscreenCanvas).');
		ctx.fillStyle = '#fff';
		ctx.fillRect(0, 0, side, side);
		ctx.imageSmoothingQuality = 'high';
		ctx.drawImage(bitmap, x, y, square, square, 0, 0, side, side);
		const { data } = ctx.getImageData(0, 0, side, side);
		const rgba = tf.tensor3d(Float32Array.from(data), [side, side, 4]);
		try {
			return squareToInput(rgba, size, channels);
		} finally {
			rgba.dispose();
		}
	} finally {
		if (source instanceof Blob) bitmap.close();
	}
}
