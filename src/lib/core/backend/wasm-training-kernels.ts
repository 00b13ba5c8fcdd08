import { registerWasmConv2DBackpropFilter } from './wasm-conv2d-backprop-filter';
import { registerWasmConv2DBackpropInput } from './wasm-conv2d-backprop-input';
import { registerWasmDepthwiseBackpropInput } from './wasm-depthwise-backprop-input';
import { registerWasmMaxPoolGrad } from './wasm-max-pool-grad';

/**
 * The kernels a conv net's training step needs on tfjs-backend-wasm 4.22, which lacks one and has two
 * slow ones: with them, a step of the default CNN on 34 images went from 162 to 88 ms on 2 cores (one on 8: 45 to 32 ms).
 * A gradient through the built-in backbone to the pixels (saliency) needs a fourth it lacks.
 * Call before the first tensor on WASM; calling again changes nothing.
 */
export function registerWasmTrainingKernels(): void {
	registerWasmConv2DBackpropFilter();
	registerWasmConv2DBackpropInput();
	registerWasmMaxPoolGrad();
	registerWasmDepthwiseBackpropInput();
}
