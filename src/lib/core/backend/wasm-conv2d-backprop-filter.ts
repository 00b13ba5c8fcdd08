import * as tf from '@tensorflow/tfjs';

/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so a conv net cannot train on WASM.
 * This fills the gap with a plain loop over the WASM heap (channels-last, no dilation), the same
 * arithmetic as the CPU backend's kernel, without copying the inputs out of the heap.
 */
interface WasmBackendLike {
	makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
	typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
	const wasm = backend as unknown as WasmBackendLike;
	const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
	const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
	const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
	if (format !== 'channelsLast') throw new Error('Conv2DBackpropFilter on WASM supports channels-last data only');
	const info = tf.backend_util.computeConv2DInfo(
		x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, format
	);
	const { strideHeight, strideWidth, filterHeight, filterWidth, inChannels, outChannels } = info;
	const { inHeight, inWidth, outHeight, outWidth, batchSize } = info;
	const top = info.padInfo.top;
	const left = info.padInfo.left;
	const xs = wasm.typedArrayFromHeap(x);
	const dys = wasm.typedArrayFromHeap(dy);
	const dW = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
	for (let wR = 0; wR < filterHeight; wR++) {
		const yRMin = Math.max(0, Math.ceil((top - wR) / strideHeight));
		const yRMax = Math.min(outHeight, (inHeight + top - wR) / strideHeight);
		for (let wC = 0; wC < filterWidth; wC++) {
			const yCMin = Math.max(0, Math.ceil((left - wC) / strideWidth));
			const yCMax = Math.min(outWidth, (inWidth + left - wC) / strideWidth);
			const base = (wR * filterWidth + wC) * inChannels * outChannels;
			for (let b = 0; b < batchSize; b++) {
				for (let yR = yRMin; yR < yRMax; yR++) {
					const xR = wR + yR * strideHeight - top;
					for (let yC = yCMin; yC < yCMax; yC++) {
						const xC = wC + yC * strideWidth - left;
						const xOffset = ((b * inHeight + xR) * inWidth + xC) * inChannels;
						const dyOffset = ((b * outHeight + yR) * outWidth + yC) * outChannels;
						for (let d1 = 0; d1 < inChannels; d1++) {
							const xv = xs[xOffset + d1]!;
							const row = base + d1 * outChannels;
							for (let d2 = 0; d2 < outChannels; d2++) dW[row + d2]! += xv * dys[dyOffset + d2]!;
						}
					}
				}
			}
		}
	}
	const out = wasm.makeOutput(info.filterShape, 'float32');
	wasm.typedArrayFromHeap(out).set(dW);
	return out;
};

/** Registers the kernel for the 'wasm' backend unless tfjs already has one. */
export function registerWasmConv2DBackpropFilter(): void {
	if (tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')) return;
	tf.registerKernel({ kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc });
}
