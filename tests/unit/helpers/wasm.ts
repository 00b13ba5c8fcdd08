import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '$lib/core/backend/wasm-training-kernels';

/** Trains on tfjs WASM in Node, with the conv backprop kernel it lacks (see docs/ARCHITECTURE.md); for `beforeAll`. */
export async function useWasm(): Promise<void> {
	registerWasmTrainingKernels();
	await tf.setBackend('wasm');
}
