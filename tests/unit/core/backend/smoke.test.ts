import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { smokeTest as sut } from '$lib/core/backend/smoke';
import { registerWasmTrainingKernels } from '$lib/core/backend/wasm-training-kernels';

describe('smokeTest', () => {
	it.each(['cpu', 'wasm'])('trains a tiny conv net on %s without leaking tensors', async (backend) => {
		registerWasmTrainingKernels();
		await tf.setBackend(backend);
		const before = tf.memory().numTensors;

		const result = await sut();

		expect(result.trainStepMs).toBeGreaterThan(0);
		expect(result.predictMs).toBeGreaterThan(0);
		expect(tf.memory().numTensors).toBe(before);
	});
});
