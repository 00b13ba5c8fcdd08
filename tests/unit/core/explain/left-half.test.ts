import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPLAINERS } from '$lib/core/explain/registry';
import { layersClassifier, type Classifier } from '$lib/core/explain/explainer';

const SIDE = 16;
const CLASSES = 3;

/** Zeroes the right half of a [n, h, w, c] tensor, keeping its shape: a crop then a pad, no weights. */
function keepLeftHalf(width: number, inputShape?: number[]): tf.layers.Layer[] {
	return [
		tf.layers.cropping2D({ inputShape, cropping: [[0, 0], [0, width / 2]] }),
		tf.layers.zeroPadding2d({ padding: [[0, 0], [0, width / 2]] })
	];
}

/**
 * A small conv net that can only see the left half of its input: the input is cut to its left half
 * before the first convolution, and the last block's feature maps are cut the same way, since a
 * 'same'-padded 3x3 convolution carries the mid-line column one cell over into the right half.
 */
function leftHalfCnn(): tf.Sequential {
	const init = (seed: number) => tf.initializers.heNormal({ seed });
	return tf.sequential({
		layers: [
			...keepLeftHalf(SIDE, [SIDE, SIDE, 1]),
			tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(11) }),
			tf.layers.maxPooling2d({ poolSize: 2 }),
			tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(12) }),
			tf.layers.maxPooling2d({ poolSize: 2 }),
			...keepLeftHalf(SIDE / 4),
			tf.layers.flatten(),
			tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: init(13) }),
			tf.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 14 }) })
		]
	});
}

/** The share of a [1, h, w, 1] map's mass in its left half. */
function leftShare(map: Float32Array): number {
	let left = 0;
	let total = 0;
	map.forEach((v, i) => {
		total += v;
		if (i % SIDE < SIDE / 2) left += v;
	});
	return left / total;
}

describe('explainers on a model that uses only the left half of its input', () => {
	let model: Classifier;
	let input: tf.Tensor4D;

	beforeAll(async () => {
		await tf.setBackend('cpu');
		model = layersClassifier(leftHalfCnn());
		input = tf.randomUniform([1, SIDE, SIDE, 1], 0, 1, 'float32', 21);
	});

	it('is such a model: changing the right half leaves its prediction as it was', async () => {
		const [same, other] = tf.tidy(() => {
			const right = tf.concat([tf.zeros([1, SIDE, SIDE / 2, 1]), tf.ones([1, SIDE, SIDE / 2, 1])], 2);
			const altered = tf.add(input, tf.mul(right, tf.randomUniform(input.shape, -1, 1, 'float32', 22)));
			return [model(input), model(altered)];
		});
		expect(Array.from(await other.data())).toEqual(Array.from(await same.data()));
		expect(model.conv).toBeDefined();
		tf.dispose([same, other]);
	});

	// Every class, not just the predicted one: with random weights a class may have no positive evidence,
	// and Grad-CAM then rightly shows nothing (its ReLU keeps only what supports the class).
	it.each(EXPLAINERS.map((e) => [e.id, e] as const))('%s puts at least 90% of its attribution on the left half', async (_, sut) => {
		const shares: number[] = [];
		for (let classIndex = 0; classIndex < CLASSES; classIndex++) {
			const before = tf.memory().numTensors;

			const map = await sut.explain(model, input, classIndex, { seed: 1 });

			expect(tf.memory().numTensors).toBe(before);
			expect(map.length).toBe(input.size);
			if (map.some((v) => v > 0)) shares.push(leftShare(map));
		}

		expect(shares.length).toBeGreaterThan(0);
		for (const share of shares) expect(share).toBeGreaterThanOrEqual(0.9);
	});
});
