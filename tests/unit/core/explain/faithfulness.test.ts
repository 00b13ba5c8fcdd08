import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layersClassifier, type Classifier, type Explainer } from '$lib/core/explain/explainer';
import { deletionCurves, randomisationCheck, randomisedCopy, spearman } from '$lib/core/explain/faithfulness';
import { vanillaGradient } from '$lib/core/explain/vanilla-gradient';
import { buildImageCnn } from '$lib/core/model/image-cnn';

const WIDTH = 16;
// Class 0's logit is w·x - 4.5 against class 1's 0: only the left half matters, the first element most.
const WEIGHTS = Float32Array.from({ length: WIDTH }, (_, i) => (i < WIDTH / 2 ? (WIDTH / 2 - i) / 4 : 0));
const TRUE_MAP = WEIGHTS; // with every input at 1, each element's contribution to the logit is its weight
const REVERSED_MAP = Float32Array.from(TRUE_MAP, (_, i) => i + 1); // the right (irrelevant) half first

function leftHalfModel(): tf.Sequential {
	const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [WIDTH], units: 2, activation: 'softmax' })] });
	tf.tidy(() => {
		const kernel = tf.stack([tf.tensor1d(WEIGHTS), tf.zeros([WIDTH])], 1);
		model.setWeights([kernel, tf.tensor1d([-4.5, 0])]);
	});
	return model;
}

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('deletionCurves', () => {
	let network: tf.Sequential;
	let model: Classifier;
	let input: tf.Tensor2D;

	beforeAll(() => {
		network = leftHalfModel();
		model = layersClassifier(network);
		input = tf.ones([1, WIDTH]);
	});
	afterAll(() => {
		network.dispose();
		input.dispose();
	});

	it('scores the true ordering well below random on deletion and above it on insertion', async () => {
		const sut = await deletionCurves(model, input, 0, TRUE_MAP, { steps: WIDTH, randomOrders: 32 });

		expect(sut.deletion.auc).toBeLessThan(0.7 * sut.randomDeletion.auc);
		expect(sut.deletionRatio).toBeCloseTo(sut.deletion.auc / sut.randomDeletion.auc, 10);
		expect(sut.insertion.auc).toBeGreaterThan(sut.randomInsertion.auc + 0.15);
	});

	it('scores the reverse ordering worse than random on deletion', async () => {
		const sut = await deletionCurves(model, input, 0, REVERSED_MAP, { steps: WIDTH, randomOrders: 32 });

		expect(sut.deletion.auc).toBeGreaterThan(sut.randomDeletion.auc + 0.1);
		expect(sut.deletionRatio).toBeGreaterThan(1.2);
		expect(sut.insertion.auc).toBeLessThan(sut.randomInsertion.auc);
	});

	it('starts each curve at the input or the blank input and ends at the other', async () => {
		const image = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 5);
		const cnn = buildImageCnn({ height: 8, width: 8, channels: 1, classes: 3, seed: 2 });
		const blank = tf.zerosLike(image);
		const p = tf.tidy(() => tf.concat([cnn.predict(image) as tf.Tensor, cnn.predict(blank) as tf.Tensor]));
		const [onInput, onBlank] = [(await p.data())[1]!, (await p.data())[4]!];
		const map = Float32Array.from({ length: 64 }, (_, i) => (i * 37) % 64);

		// A batch size that does not divide the 2 x 3 x 11 images, so curves straddle batches.
		const sut = await deletionCurves(layersClassifier(cnn), image, 1, map, { steps: 10, randomOrders: 2, batchSize: 7 });

		for (const { curve } of [sut.deletion, sut.randomDeletion]) {
			expect(curve).toHaveLength(11);
			expect(curve[0]).toBeCloseTo(onInput, 5);
			expect(curve[10]).toBeCloseTo(onBlank, 5);
		}
		for (const { curve } of [sut.insertion, sut.randomInsertion]) {
			expect(curve[0]).toBeCloseTo(onBlank, 5);
			expect(curve[10]).toBeCloseTo(onInput, 5);
		}
		tf.dispose([image, blank, p]);
		cnn.dispose();
	});

	it('gives the same figures for the same seed, another random baseline for another seed, a step per element at most', async () => {
		const a = await deletionCurves(model, input, 0, TRUE_MAP, { seed: 3 });
		const b = await deletionCurves(model, input, 0, TRUE_MAP, { seed: 3 });
		const c = await deletionCurves(model, input, 0, TRUE_MAP, { seed: 4 });

		expect(b).toEqual(a);
		expect(a.deletion.curve).toHaveLength(WIDTH + 1); // 32 steps asked, but no more than one per element
		expect(c.randomDeletion.auc).not.toBe(a.randomDeletion.auc);
	});

	it('leaks no tensor', async () => {
		const before = tf.memory().numTensors;

		await deletionCurves(model, input, 0, TRUE_MAP, { batchSize: 10 });

		expect(tf.memory().numTensors).toBe(before);
	});

	it('rejects a map of the wrong length', async () => {
		await expect(deletionCurves(model, input, 0, new Float32Array(3))).rejects.toThrow(/3 values for 16/);
	});
});

describe('spearman', () => {
	const sut = spearman;
	const x = Float32Array.from([0.3, -2, 5, 1.5, 0]);

	it('is 1 for a vector with itself or any increasing function of it, -1 with its reverse order', () => {
		expect(sut(x, x)).toBeCloseTo(1, 10);
		expect(sut(x, x.map((v) => v ** 3))).toBeCloseTo(1, 10);
		expect(sut(x, x.map((v) => -v))).toBeCloseTo(-1, 10);
	});

	it('gives tied values their average rank', () => {
		// ranks [1, 2.5, 2.5, 4] against [1, 2, 3, 4]: 4.5 / sqrt(4.5 * 5)
		expect(sut(Float32Array.from([1, 2, 2, 3]), Float32Array.from([1, 2, 3, 4]))).toBeCloseTo(4.5 / Math.sqrt(22.5), 10);
	});

	it('is NaN for a constant vector, which has no order', () => {
		expect(sut(new Float32Array(4).fill(2), Float32Array.from([1, 2, 3, 4]))).toBeNaN();
	});
});

describe('randomisedCopy', () => {
	let cnn: tf.Sequential;
	let input: tf.Tensor4D;

	beforeAll(() => {
		cnn = buildImageCnn({ height: 8, width: 8, channels: 1, classes: 3, seed: 2 });
		input = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 6);
	});
	afterAll(() => {
		cnn.dispose();
		input.dispose();
	});

	const predictions = async (model: tf.LayersModel) => {
		const p = model.predict(input) as tf.Tensor;
		try {
			return Array.from(await p.data());
		} finally {
			p.dispose();
		}
	};

	it('keeps every weight shape, redraws every trainable weight and changes the predictions', async () => {
		const sut = await randomisedCopy(cnn, 1);

		expect(sut.weights.map((w) => w.shape)).toEqual(cnn.weights.map((w) => w.shape));
		const [trained, random] = [cnn.getWeights(), sut.getWeights()];
		for (let i = 0; i < trained.length; i++) {
			const [t, r] = await Promise.all([trained[i]!.data(), random[i]!.data()]);
			expect(Array.from(r)).not.toEqual(Array.from(t));
			expect(r.some((v) => v !== 0)).toBe(true);
		}
		const [p, q] = [await predictions(cnn), await predictions(sut)];
		expect(q.some((v, i) => Math.abs(v - p[i]!) > 1e-3)).toBe(true);
		sut.dispose();
	});

	it('is the same copy for the same seed and another for another seed', async () => {
		const [a, b, c] = [await randomisedCopy(cnn, 5), await randomisedCopy(cnn, 5), await randomisedCopy(cnn, 6)];

		expect(await predictions(b)).toEqual(await predictions(a));
		expect(await predictions(c)).not.toEqual(await predictions(a));
		[a, b, c].forEach((m) => m.dispose());
	});

	it('leaks no tensor once disposed', async () => {
		const before = tf.memory().numTensors;

		(await randomisedCopy(cnn, 1)).dispose();

		expect(tf.memory().numTensors).toBe(before);
	});
});

describe('randomisationCheck', () => {
	// A "method" that ignores the model and shows the input's ink: the kind of map the check must catch.
	const inkMap: Explainer = { id: 'ink', name: 'Ink', explain: async (_, x) => (await x.data()) as Float32Array };
	let cnn: tf.Sequential;
	let input: tf.Tensor4D;

	beforeAll(() => {
		cnn = buildImageCnn({ height: 8, width: 8, channels: 1, classes: 3, seed: 2 });
		input = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 7);
	});
	afterAll(() => {
		cnn.dispose();
		input.dispose();
	});

	it('gives a model-independent map a rank correlation of 1 and the gradient a lower one', async () => {
		const ink = await randomisationCheck(inkMap, cnn, input, 0);
		const sut = await randomisationCheck(vanillaGradient, cnn, input, 0);

		expect(ink.rankCorrelation).toBeCloseTo(1, 10);
		expect(sut.rankCorrelation).toBeGreaterThanOrEqual(-1);
		expect(sut.rankCorrelation).toBeLessThan(0.9);
	});

	it('leaks no tensor', async () => {
		const before = tf.memory().numTensors;

		await randomisationCheck(vanillaGradient, cnn, input, 1, { seed: 2 });

		expect(tf.memory().numTensors).toBe(before);
	});
});
