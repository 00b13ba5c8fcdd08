import * as tf from '@tensorflow/tfjs';
import { centerSquare } from '$lib/core/data/image-file';

/**
 * An image (a stored sample's file or a camera frame) as pixels 0..255, [1, height, width, channels],
 * cropped to its centre square as the 32x32 model input is, so saliency lines up with the thumbnail.
 * Transparency is drawn on white, as drawings are seen.
 */
export async function decodePixels(source: Blob | ImageBitmap, [height, width]: [number, number], channels: 1 | 3): Promise<tf.Tensor4D> {
	const bitmap = source instanceof Blob ? await createImageBitmap(source) : source;
	try {
		const canvas = new OffscreenCanvas(width, height);
		const ctx = canvas.getContext('2d', { willReadFrequently: true });
		if (!ctx) throw new Error('This browser cannot draw images off screen (no 2D OffscreenCanvas).');
		ctx.fillStyle = '#fff';
		ctx.fillRect(0, 0, width, height);
		ctx.imageSmoothingQuality = 'high';
		const { x, y, size } = centerSquare(bitmap.width, bitmap.height);
		ctx.drawImage(bitmap, x, y, size, size, 0, 0, width, height);
		const { data } = ctx.getImageData(0, 0, width, height);
		const values = new Float32Array(height * width * channels);
		for (let p = 0; p < height * width; p++) {
			const [r, g, b] = [data[p * 4]!, data[p * 4 + 1]!, data[p * 4 + 2]!];
			if (channels === 3) values.set([r, g, b], p * 3);
			else values[p] = 0.299 * r + 0.587 * g + 0.114 * b;
		}
		return tf.tensor4d(values, [1, height, width, channels]);
	} finally {
		if (source instanceof Blob) bitmap.close();
	}
}
