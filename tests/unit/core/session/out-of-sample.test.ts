import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LEARNER_SETTINGS } from '$lib/core/model/online-learner';
import { IMAGE_CNN } from '$lib/core/model/architecture';
import { FOLDS, foldOf, outOfSampleProbs } from '$lib/core/session/out-of-sample';
import { digitExamples } from '../../helpers/digits';
import { useWasm } from '../../helpers/wasm';

const options = { classes: 10, settings: DEFAULT_LEARNER_SETTINGS, architecture: IMAGE_CNN, epochs: 4 };

describe('outOfSampleProbs', () => {
	beforeAll(useWasm);

	it('gives every labelled example probabilities from a model that never saw it: a flipped label is not learned back', async () => {
		const examples = digitExamples(80);
		const flipped = examples.map((e, i) => (i === 7 ? { ...e, label: (e.label + 5) % 10 } : e));
		const before = tf.memory().numTensors;

		const sut = (await outOfSampleProbs(flipped, options))!;

		expect(tf.memory().numTensors).toBe(before);
		expect(sut.size).toBe(80);
		expect([...sut.values()].every((p) => p.length === 10 && Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-3)).toBe(true);
		const seven = sut.get(flipped[7]!.id)!;
		expect(seven[flipped[7]!.label]!).toBeLessThan(0.5); // its fold's model learned the other digits, not this label
	});

	it('gives up when told to stop, freeing what it made', async () => {
		const before = tf.memory().numTensors;

		expect(await outOfSampleProbs(digitExamples(40), options, () => true)).toBeNull();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('puts each sample in the same fold every time, spread over all of them', () => {
		const ids = Array.from({ length: 500 }, (_, i) => `s${i}`);
		const folds = ids.map((id) => foldOf(id));

		expect(ids.map((id) => foldOf(id))).toEqual(folds);
		expect(new Set(folds).size).toBe(FOLDS);
	});
});
