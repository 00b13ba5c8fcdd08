import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPLAINERS } from '$lib/core/explain/registry';
import { layersClassifier, type Classifier } from '$lib/core/explain/explainer';
import { buildImageCnn } from '$lib/core/model/image-cnn';

// One suite over every registered explainer (tfjs-backend-webgpu runs tfjs-core's suite the same way).
describe.each(EXPLAINERS.map((e) => [e.id, e] as const))('explainer %s', (_, sut) => {
	let model: Classifier;
	let input: tf.Tensor4D;

	beforeAll(async () => {
		await tf.setBackend('cpu');
		const cnn = buildImageCnn({ height: 16, width: 16, channels: 1, classes: 3, seed: 3 });
		model = layersClassifier(cnn);
		input = tf.randomUniform([1, 16, 16, 1], 0, 1, 'float32', 4);
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
});
