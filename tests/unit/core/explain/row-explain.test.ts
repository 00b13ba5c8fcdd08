import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROW_EXPLAINERS } from '$lib/core/explain/catalogue';
import { tabularMlp } from '$lib/core/model/architecture';
import { seededRandom } from '$lib/core/random';
import { explainRow } from '$lib/core/explain/row-explain';

const WIDTH = 6;
const USED = 2;

/** The app's tabular MLP with every first-layer weight from the other features zeroed: it uses feature USED alone. */
function oneFeatureModel(): tf.LayersModel {
	const architecture = tabularMlp(WIDTH);
	const model = architecture.build(3, 7);
	const [kernel, bias] = model.layers[0]!.getWeights();
	const mask = tf.tidy(() => tf.oneHot(tf.tensor1d([USED], 'int32'), WIDTH).reshape([WIDTH, 1]).tile([1, kernel!.shape[1]!]));
	const masked = tf.mul(kernel!, mask);
	model.layers[0]!.setWeights([masked, bias!]); // copies; getWeights gave the live variables, not copies
	tf.dispose([masked, mask]);
	return model;
}

describe('row explainers on a model that uses one feature only', () => {
	beforeAll(async () => {
		await tf.setBackend('wasm');
	});

	for (const method of ROW_EXPLAINERS) {
		it(`${method} puts at least 90% of its mass on that feature, and leaks no tensor`, async () => {
			const sut = oneFeatureModel();
			const before = tf.memory().numTensors;
			const random = seededRandom(3);
			for (let trial = 0; trial < 5; trial++) {
				const row = Float32Array.from({ length: WIDTH }, () => random() * 4 - 2);
				const map = await explainRow(sut, tabularMlp(WIDTH), row, trial % 3, method);
				const total = map.reduce((a, b) => a + Math.abs(b), 0);
				expect(map).toHaveLength(WIDTH);
				expect(Math.abs(map[USED]!) / total).toBeGreaterThanOrEqual(0.9);
			}
			expect(tf.memory().numTensors).toBe(before);
			sut.dispose();
		});
	}
});
