import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPLAINERS, explainersFor } from '$lib/core/explain/registry';
import { layersClassifier, type Classifier } from '$lib/core/explain/explainer';
import { buildImageCnn } from '$lib/core/model/image-cnn';

// One suite over every registered explainer (tfjs-backend-webgpu runs tfjs-core's suite the same way).
describe.each(EXPLAINERS.map((e) => [e.id, e] as const))('explainer %s', (_, sut) => {
	let model: Classifier;
	let input: tf.Tensor4D;
	let dense: Classifier;
	let row: tf.Tensor2D;

	beforeAll(async () => {
		await tf.setBackend('cpu');
		const cnn = buildImageCnn({ height: 16, width: 16, channels: 1, classes: 3, seed: 3 });
		model = layersClassifier(cnn);
		input = tf.randomUniform([1, 16, 16, 1], 0, 1, 'float32', 4);
		dense = layersClassifier(
			tf.sequential({
				layers: [
					tf.layers.dense({ inputShape: [6], units: 8, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 5 }) }),
					tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }) })
				]
			})
		);
		row = tf.randomNormal([1, 6], 0, 1, 'float32', 7);
	});

	it('returns one finite, non-negative value per input element, not all zero', async () => {
		const map = await sut.explain(model, input, 1, { seed: 1 });

		expect(map.length).toBe(input.size);
		expect(map.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
		expect(map.some((v) => v > 0)).toBe(true);
	});

	it('gives the same map for the same seed', async () => {
		const a = await sut.explain(model, input, 2, { seed: 9 });
		const b = await sut.explain(model, input, 2, { seed: 9 });

		expect(Array.from(a)).toEqual(Array.from(b));
	});

	it('leaks no tensor', async () => {
		await sut.explain(model, input, 0, { seed: 1 });
		const before = tf.memory().numTensors;

		await sut.explain(model, input, 0, { seed: 1 });

		expect(tf.memory().numTensors).toBe(before);
	});

	it('explains a feature row [1, features] for a dense model, where it applies', async (ctx) => {
		if (!explainersFor(dense).includes(sut)) {
			expect(dense.conv).toBeUndefined(); // only a method that needs a conv split may decline
			ctx.skip();
		}

		const map = await sut.explain(dense, row, 2, { seed: 1 });

		expect(map.length).toBe(row.size);
		expect(map.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
		expect(map.some((v) => v > 0)).toBe(true);
	});
});
