import * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from './wasm-heap';

/**
 * tfjs-backend-wasm 4.22's Conv2DBackpropInput is a plain loop: 65 of the 160 ms of a training step
 * of the default CNN on 34 images (2 cores). For stride 1 it is a convolution of dy with the filter
 * turned half a turn and its channels swapped, with the padding that is left over, so this runs it in
 * the backend's own Conv2D (XNNPACK). Other strides go to tfjs's kernel.
 */
function asConvolution(original: tf.KernelFunc): tf.KernelFunc {
	return (args) => {
		const { inputs, backend, attrs } = args;
		const wasm = backend as unknown as WasmBackendLike;
		const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
		const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
		const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
		const [fh, fw, inChannels, outChannels] = filter.shape as [number, number, number, number];
		const info = tf.backend_util.computeConv2DInfo(inputShape, [fh, fw, inChannels, outChannels], strides, 1, pad, dimRoundingMode, false, format);
		const { top, bottom, left, right } = info.padInfo;
		const padding = [fh - 1 - top, fh - 1 - bottom, fw - 1 - left, fw - 1 - right];
		if (format !== 'channelsLast' || info.strideHeight !== 1 || info.strideWidth !== 1 || padding.some((p) => p < 0)) return original(args);
		// turned[i][j][o][c] = filter[fh-1-i][fw-1-j][c][o]
		const turned = wasm.makeOutput([fh, fw, outChannels, inChannels], 'float32');
		const to = wasm.typedArrayFromHeap(turned);
		const from = wasm.typedArrayFromHeap(filter);
		for (let i = 0; i < fh; i++)
			for (let j = 0; j < fw; j++) {
				const source = ((fh - 1 - i) * fw + (fw - 1 - j)) * inChannels * outChannels;
				const target = (i * fw + j) * outChannels * inChannels;
				for (let c = 0; c < inChannels; c++) for (let o = 0; o < outChannels; o++) to[target + o * inChannels + c] = from[source + c * outChannels + o]!;
			}
		const conv2d = tf.getKernel(tf.Conv2D, 'wasm')!.kernelFunc;
		const [padTop, padBottom, padLeft, padRight] = padding as [number, number, number, number];
		const dx = conv2d({
			inputs: { x: dy, filter: turned },
			backend,
			attrs: { strides: [1, 1], pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1] }
		}) as tf.TensorInfo;
		wasm.disposeData(turned.dataId);
		return dx;
	};
}

/** Puts the convolution in front of tfjs's own WASM kernel, which still takes what it does not. */
export function registerWasmConv2DBackpropInput(): void {
	const original = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
	if (!original || (original.kernelFunc as { asConvolution?: true }).asConvolution) return;
	const kernelFunc = Object.assign(asConvolution(original.kernelFunc), { asConvolution: true as const });
	tf.unregisterKernel(tf.Conv2DBackpropInput, 'wasm');
	tf.registerKernel({ ...original, kernelFunc });
}
