import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmConv2DBackpropFilter } from '$lib/core/backend/wasm-conv2d-backprop-filter';

/** Trains on tfjs WASM in Node, with the conv backprop kernel it lacks (see DESIGN.md); for `beforeAll`. */
export async function useWasm(): Promise<void> {
	registerWasmConv2DBackpropFilter();
	await tf.setBackend('wasm');
}
