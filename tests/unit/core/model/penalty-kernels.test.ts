import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '$lib/core/backend/wasm-training-kernels';
import { IMAGE_CNN } from '$lib/core/model/architecture';
import { explanationPenalty } from '$lib/core/model/explanation-penalty';
import { digitExamples } from '../../helpers/digits';

/** The penalty's gradient by every weight of the default CNN, on `backend`, from the same weights and data. */
async function penaltyGradients(backend: string, weights: Float32Array[]): Promise<Float32Array[]> {
	await tf.setBackend(backend);
	const model = IMAGE_CNN.build(10, 5);
	model.setWeights(weights.map((w, i) => tf.tensor(w, model.getWeights()[i]!.shape)));
	const examples = digitExamples(6);
	const xs = IMAGE_CNN.batch(examples.map((e) => e.input));
	const masks = tf.tidy(() => tf.concat([tf.ones([6, 12, 32, 1]), tf.zeros([6, 20, 32, 1])], 1));
	const { grads } = tf.variableGrads(() => explanationPenalty(model, xs, masks), model.trainableWeights.map((w) => w.read() as tf.Variable));
	const out = await Promise.all(Object.values(grads).map(async (g) => (await g.data()) as Float32Array));
	tf.dispose([xs, masks, ...Object.values(grads)]);
	model.dispose();
	return out;
}

describe('the explanation penalty on the WASM training kernels', () => {
	beforeAll(() => registerWasmTrainingKernels());

	it('has the CPU backend’s gradient by every weight (double backprop through convolution and max pooling)', async () => {
		await tf.setBackend('cpu');
		const model = IMAGE_CNN.build(10, 5);
		const weights = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
		model.dispose();

		const expected = await penaltyGradients('cpu', weights);
		const actual = await penaltyGradients('wasm', weights);

		expect(actual.length).toBe(expected.length);
		actual.forEach((grad, k) => {
			const scale = expected[k]!.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
			const worst = grad.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[k]![i]!)), 0);
			expect(scale).toBeGreaterThan(0);
			expect(worst / scale, `weight ${k}`).toBeLessThan(1e-3);
		});
	});
});
