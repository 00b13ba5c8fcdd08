import * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from './wasm-heap';

/**
 * tfjs-backend-wasm 4.22 has no DepthwiseConv2dNativeBackpropInput kernel, so no gradient reaches the
 * pixels through a MobileNet on WASM: the gradient explainers (the first map every picture shows,
 * Grad-CAM, SmoothGrad, Integrated Gradients) failed on a photo project on the built-in backbone.
 * This fills the gap (channels-last) with a loop over the heap: each output gradient is spread back
 * over the input pixels its filter taps read. The backbone's first depthwise layer (112×112, 96
 * channels, 3×3) is ~11 million multiply-adds, some 15 ms here.
 */
const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
	const wasm = backend as unknown as WasmBackendLike;
	const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
	const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
	const info = tf.backend_util.computeConv2DInfo(
		inputShape as [number, number, number, number], filter.shape as [number, number, number, number], strides, dilations, pad, dimRoundingMode, true
	);
	const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth, inChannels, outChannels } = info;
	const { inHeight, inWidth, outHeight, outWidth, batchSize } = info;
	const { top, left } = info.padInfo;
	const multiplier = outChannels / inChannels;
	const out = wasm.makeOutput(info.inShape, 'float32');
	// The heap may move when memory grows: views are taken after the last allocation.
	const dx = wasm.typedArrayFromHeap(out);
	const dys = wasm.typedArrayFromHeap(dy);
	const w = wasm.typedArrayFromHeap(filter);
	dx.fill(0);
	for (let b = 0; b < batchSize; b++) {
		for (let yR = 0; yR < outHeight; yR++) {
			for (let yC = 0; yC < outWidth; yC++) {
				const dyAt = ((b * outHeight + yR) * outWidth + yC) * outChannels;
				for (let wR = 0; wR < filterHeight; wR++) {
					const xR = yR * strideHeight + wR * dilationHeight - top;
					if (xR < 0 || xR >= inHeight) continue;
					for (let wC = 0; wC < filterWidth; wC++) {
						const xC = yC * strideWidth + wC * dilationWidth - left;
						if (xC < 0 || xC >= inWidth) continue;
						const dxAt = ((b * inHeight + xR) * inWidth + xC) * inChannels;
						const wAt = (wR * filterWidth + wC) * inChannels * multiplier;
						for (let d = 0; d < inChannels; d++) {
							let sum = 0;
							for (let q = 0; q < multiplier; q++) sum += dys[dyAt + d * multiplier + q]! * w[wAt + d * multiplier + q]!;
							dx[dxAt + d] = dx[dxAt + d]! + sum;
						}
					}
				}
			}
		}
	}
	return out;
};

/** Registers the kernel for the 'wasm' backend unless tfjs already has one. */
export function registerWasmDepthwiseBackpropInput(): void {
	if (tf.getKernel(tf.DepthwiseConv2dNativeBackpropInput, 'wasm')) return;
	tf.registerKernel({ kernelName: tf.DepthwiseConv2dNativeBackpropInput, backendName: 'wasm', kernelFunc });
}
