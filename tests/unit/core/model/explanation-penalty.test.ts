import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '$lib/core/backend/wasm-training-kernels';
import { layersClassifier } from '$lib/core/explain/explainer';
import { vanillaGradient } from '$lib/core/explain/vanilla-gradient';
import { explanationPenalty, registerMaxPoolGradGradient } from '$lib/core/model/explanation-penalty';
import { INPUT_SIDE } from '$lib/core/model/image-input';
import { OnlineLearner, type Example } from '$lib/core/model/online-learner';
import { digitExamples } from '../../helpers/digits';

const SWATCH = 6;

/** Digits 0 and 1 with a bright swatch in the top-left corner on every 0: the swatch alone gives the class away. */
function decoyDigits(count: number, offset: number): Example[] {
	return digitExamples(count * 4, offset)
		.filter((e) => e.label === 0 || e.label === 1)
		.slice(0, count)
		.map((e) => {
			const input = e.input.slice();
			const mask = new Float32Array(input.length);
			for (let y = 0; y < SWATCH; y++)
				for (let x = 0; x < SWATCH; x++) {
					if (e.label === 0) input[y * INPUT_SIDE + x] = 255;
					mask[y * INPUT_SIDE + x] = 1;
				}
			return { ...e, input, mask };
		});
}

/** The penalty itself on the examples: the squared input gradient inside their masks. */
async function maskedGradient(learner: OnlineLearner, examples: Example[]): Promise<number> {
	const value = tf.tidy(() => {
		const xs = learner.architecture.batch(examples.map((e) => e.input));
		const masks = tf.tensor(examples.flatMap((e) => Array.from(e.mask!)), xs.shape);
		return explanationPenalty(learner.network, xs, masks);
	});
	const [result] = await value.data();
	value.dispose();
	return result!;
}

/** The share of the gradient map's mass inside the swatch, averaged over the examples. */
async function swatchShare(learner: OnlineLearner, examples: Example[]): Promise<number> {
	let sum = 0;
	for (const e of examples) {
		const input = learner.architecture.batch([e.input]);
		const map = await vanillaGradient.explain(layersClassifier(learner.network), input, e.label);
		input.dispose();
		const total = map.reduce((a, v) => a + v, 0);
		sum += map.reduce((a, v, i) => a + v * e.mask![i]!, 0) / total;
	}
	return sum / examples.length;
}

describe('the explanation penalty (right for the right reasons)', () => {
	beforeAll(async () => {
		registerWasmTrainingKernels();
		await tf.setBackend('wasm');
	});

	it('differentiates through max pooling: the second derivative picks each window’s chosen cell', () => {
		registerMaxPoolGradGradient();
		const x = tf.tensor4d([1, 5, 2, 0, 3, 4, 8, 6, 9, 1, 0, 2, 7, 2, 3, 1], [1, 4, 4, 1]);
		const v = tf.tensor4d([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160], [1, 4, 4, 1]);
		// h(w) = sum(v * d/dx sum(w * maxPool(x))): its gradient in w is v at each window's maximum.
		const h = (w: tf.Tensor) => tf.sum(tf.mul(v, tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(w, tf.maxPool(xi as tf.Tensor4D, 2, 2, 'valid'))))(x)));
		const sut = tf.grad(h)(tf.ones([1, 2, 2, 1]));

		// Windows: [1,5,3,4] max 5 at v=20; [2,0,8,6] max 8 at v=70; [9,1,7,2] max 9 at v=90; [0,2,3,1] max 3 at v=150.
		expect(Array.from(sut.dataSync())).toEqual([20, 70, 90, 150]);
		tf.dispose([x, v, sut]);
	});

	it('teaches the model to stop looking at a masked decoy, and leaks no tensor', async () => {
		const train = decoyDigits(40, 0);
		const test = decoyDigits(10, 600);
		const plain = OnlineLearner.create(2);
		const guided = OnlineLearner.create(2);
		const unmasked = train.map(({ mask: _, ...e }) => e);
		await plain.fit(unmasked, 1, undefined, 16);
		await guided.fit(train, 1, undefined, 16); // the first steps make Adam's slots: state, not a leak
		const before = tf.memory().numTensors;

		await plain.fit(unmasked, 11, undefined, 16);
		await guided.fit(train, 11, undefined, 16);
		const [plainShare, guidedShare] = [await swatchShare(plain, test), await swatchShare(guided, test)];
		const [plainGradient, guidedGradient] = [await maskedGradient(plain, test), await maskedGradient(guided, test)];

		expect(tf.memory().numTensors).toBe(before);
		expect(guidedGradient).toBeLessThan(plainGradient / 10);
		expect(guidedShare).toBeLessThan(plainShare / 2); // the map the human sees marks the swatch far less
		plain.dispose();
		guided.dispose();
	});
});
