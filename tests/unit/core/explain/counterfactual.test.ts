import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { counterfactual } from '$lib/core/explain/counterfactual';
import { layersClassifier } from '$lib/core/explain/explainer';

/** Two classes decided by the first feature alone: class 1 when x0 > 0.5. */
function thresholdModel(): tf.Sequential {
	const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2, activation: 'softmax' })] });
	model.setWeights([tf.tensor2d([[-10, 10], [0, 0], [0, 0], [0, 0]]), tf.tensor1d([5, -5])]);
	return model;
}

describe('counterfactual', () => {
	beforeAll(async () => {
		await tf.setBackend('cpu');
	});

	it('moves the input just past the boundary, changing mostly the feature that matters, inside the range', async () => {
		const model = thresholdModel();
		const input = tf.tensor2d([[0.2, 0.3, 0.7, 0.9]]);
		const before = tf.memory().numTensors;

		const sut = await counterfactual(layersClassifier(model), input, 1);

		expect(tf.memory().numTensors).toBe(before);
		expect(sut.reached).toBe(true);
		expect(sut.probability).toBeGreaterThanOrEqual(0.5);
		expect(sut.values[0]).toBeGreaterThan(0.5);
		expect(sut.values[0]).toBeLessThan(0.75);
		for (const [i, original] of [0.3, 0.7, 0.9].entries()) expect(Math.abs(sut.values[i + 1]! - original)).toBeLessThan(0.05);
		expect(Array.from(sut.values).every((v) => v >= 0 && v <= 1)).toBe(true);
		model.dispose();
		input.dispose();
	});

	it('says so when no change inside the range reaches the class', async () => {
		const model = thresholdModel();
		const input = tf.tensor2d([[0.2, 0.3, 0.7, 0.9]]);

		const sut = await counterfactual(layersClassifier(model), input, 1, { range: [0, 0.4], steps: 30 });

		expect(sut.reached).toBe(false);
		expect(sut.values[0]).toBeLessThanOrEqual(0.4 + 1e-6); // float32
		model.dispose();
		input.dispose();
	});
});
