import * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from './wasm-heap';

/**
 * tfjs-backend-wasm 4.22's MaxPoolGrad took 28 of the 160 ms of a training step of the default CNN
 * on 34 images (2 cores); this one, over the heap in JavaScript, a few. Each window's gradient goes to
 * the first of its largest inputs, as in tfjs's CPU kernel.
 */
const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
	const wasm = backend as unknown as WasmBackendLike;
	const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
	const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
	const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
	const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
	const { effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
	const { top, left } = info.padInfo;
	const dx = wasm.makeOutput(input.shape, 'float32');
	const grads = wasm.typedArrayFromHeap(dx); // views after the allocation: the heap may have moved
	const xs = wasm.typedArrayFromHeap(input);
	const dys = wasm.typedArrayFromHeap(dy);
	grads.fill(0);
	const best = new Float32Array(channels);
	const at = new Int32Array(channels);
	for (let b = 0; b < batchSize; b++)
		for (let yR = 0; yR < outHeight; yR++)
			for (let yC = 0; yC < outWidth; yC++) {
				best.fill(-Infinity);
				at.fill(-1);
				for (let wR = 0; wR < fh; wR++) {
					const xR = yR * strideHeight + wR - top;
					if (xR < 0 || xR >= inHeight) continue;
					for (let wC = 0; wC < fw; wC++) {
						const xC = yC * strideWidth + wC - left;
						if (xC < 0 || xC >= inWidth) continue;
						const base = ((b * inHeight + xR) * inWidth + xC) * channels;
						for (let c = 0; c < channels; c++) {
							const v = xs[base + c]!;
							if (v > best[c]!) {
								best[c] = v;
								at[c] = base + c;
							}
						}
					}
				}
				const from = ((b * outHeight + yR) * outWidth + yC) * channels;
				for (let c = 0; c < channels; c++) {
					const to = at[c]!;
					if (to >= 0) grads[to] = grads[to]! + dys[from + c]!;
				}
			}
	return dx;
};

export function registerWasmMaxPoolGrad(): void {
	const original = tf.getKernel(tf.MaxPoolGrad, 'wasm');
	if (original?.kernelFunc === kernelFunc) return;
	if (original) tf.unregisterKernel(tf.MaxPoolGrad, 'wasm');
	tf.registerKernel({ kernelName: tf.MaxPoolGrad, backendName: 'wasm', kernelFunc });
}
