import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureHead } from '$lib/core/model/architecture';
import { HEAD_LEARNER_SETTINGS, OnlineLearner } from '$lib/core/model/online-learner';
import { ModelContext } from '$lib/core/session/context';
import { disposeAfterEach } from '../../helpers/sessions';

const keep = disposeAfterEach();
const head = (classes = 3) => OnlineLearner.create(classes, HEAD_LEARNER_SETTINGS, featureHead(4));

/** A context whose live learner (whichever it is by then) is freed after the test. */
function context(classIds: string[]): ModelContext {
	const sut = new ModelContext(head(), classIds, undefined);
	keep({ dispose: () => sut.learner.dispose() });
	return sut;
}
const example = { id: 'x', input: Float32Array.of(1, 0, 0, 1), label: 0 };

describe('ModelContext', () => {
	beforeAll(async () => {
		await tf.setBackend('cpu');
	});

	it('its revision goes up with every step of the weights and never back when the learner is replaced, which it frees', async () => {
		const sut = context(['a', 'b', 'c']);
		const start = sut.revision;
		await sut.learner.quickStep(example, [example]);
		const stepped = sut.revision;
		const replaced = sut.learner;
		const tensors = tf.memory().numTensors;

		sut.replace(head());

		expect(stepped).toBeGreaterThan(start);
		expect(sut.revision).toBeGreaterThan(stepped);
		expect(() => tf.tidy(() => replaced.network.predict(tf.zeros([1, 4])))).toThrow();
		expect(tf.memory().numTensors).toBeLessThan(tensors); // the old weights and optimiser are gone
	});

	it('follows a new class list: each kept class keeps its output, a new one gets a fresh output', async () => {
		const sut = context(['a', 'b', 'c']);
		const before = await sut.learner.predict([example.input]);

		const mapping = sut.setClasses(['c', 'a', 'new'], 7);
		const after = await sut.learner.predict([example.input]);

		expect(mapping).toEqual([2, 0, null]);
		expect(sut.classIds).toEqual(['c', 'a', 'new']);
		expect(sut.classIndex('a')).toBe(1);
		expect(sut.classIndex('b')).toBe(-1);
		expect(sut.classIndex(null)).toBe(-1);
		expect(after[0]! / after[1]!).toBeCloseTo(before[2]! / before[0]!, 4); // c against a, as before
	});

	it('gives the sample itself as the model input when there is no extractor', () => {
		const sut = context(['a']);
		const input = Float32Array.of(1, 2, 3, 4);

		expect(sut.inputOf({ id: 's', input })).toBe(input);
		expect(sut.seesPixels).toBe(true);
		expect(sut.backboneId).toBeUndefined();
	});
});
