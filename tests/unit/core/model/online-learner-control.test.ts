import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureHead } from '$lib/core/model/architecture';
import { HEAD_LEARNER_SETTINGS, NO_LABEL, OnlineLearner, type Example, type LearnerSettings } from '$lib/core/model/online-learner';
import { seededRandom } from '$lib/core/random';

const WIDTH = 4;
const CLASSES = 3;
const C = 2; // the class the feedback is about

/** A tiny head on 4 features: fast enough to train many times on the CPU backend. */
function learner(settings: Partial<LearnerSettings> = {}, classes = CLASSES): OnlineLearner {
	return OnlineLearner.create(classes, { ...HEAD_LEARNER_SETTINGS, ...settings }, featureHead(WIDTH));
}

function features(seed: number): Float32Array {
	const random = seededRandom(seed);
	return Float32Array.from({ length: WIDTH }, () => random() * 2 - 1);
}

/** Labelled examples of classes 0 and 1 to replay, as stored samples would be. */
const replayPool = (): Example[] => Array.from({ length: 8 }, (_, i) => ({ id: `r${i}`, input: features(100 + i), label: i % 2 }));

const taught = (target: number[]): Example => ({ id: 'new', input: features(1), label: NO_LABEL, target: Float32Array.from(target) });

async function probabilityOf(sut: OnlineLearner, example: Example, c = C): Promise<number> {
	return (await sut.predict([example.input]))[c]!;
}

/** How far p(C) of the example moves over `updates` updates. */
async function shift(sut: OnlineLearner, example: Example, pool: Example[], updates = 3): Promise<number> {
	const before = await probabilityOf(sut, example);
	for (let i = 0; i < updates; i++) await sut.update(example, [...pool, example]);
	return (await probabilityOf(sut, example)) - before;
}

describe('OnlineLearner with weighted soft targets', () => {
	beforeAll(async () => {
		await tf.setBackend('cpu');
	});

	it('a thumbs-down-style target lowers p(c); a positive soft target raises it', async () => {
		const [down, up] = [learner(), learner()];

		expect(await shift(down, taught([0.25, 0.25, 0]), [])).toBeLessThan(0);
		expect(await shift(up, taught([0, 0, 0.5]), [])).toBeGreaterThan(0);
		down.dispose();
		up.dispose();
	});

	it('a target of weight 0.1 moves the model less than one of weight 1, among replayed samples', async () => {
		const [light, full] = [learner(), learner()];

		const lightShift = await shift(light, taught([0, 0, 0.1]), replayPool());
		const fullShift = await shift(full, taught([0, 0, 1]), replayPool());

		expect(fullShift).toBeGreaterThan(0);
		expect(lightShift).toBeLessThan(fullShift);
		light.dispose();
		full.dispose();
	});

	it('a target made for another class count teaches nothing, rather than the wrong classes or a failed step', async () => {
		const sut = learner();
		sut.remapClasses([0, 1, 2, null]);
		const before = Array.from(await sut.predict([features(1)]));

		const loss = await sut.update(taught([0, 0, 1]), []);

		expect(Math.abs(loss)).toBe(0);
		expect(Array.from(await sut.predict([features(1)]))).toEqual(before);
		sut.dispose();
	});
});

describe('OnlineLearner.configure', () => {
	it('changes the steps each update takes', async () => {
		const sut = learner({ stepsPerUpdate: 4 });
		const example = replayPool()[0]!;

		await sut.update(example, replayPool());
		const afterFour = sut.revision;
		sut.configure({ stepsPerUpdate: 2 });
		await sut.update(example, replayPool());

		expect(afterFour).toBe(4);
		expect(sut.revision - afterFour).toBe(2);
		expect(sut.settings.stepsPerUpdate).toBe(2);
		sut.dispose();
	});

	it('a bigger learning rate moves p further', async () => {
		const [slow, fast] = [learner({ learningRate: 0.001 }), learner({ learningRate: 0.001 })];
		fast.configure({ learningRate: 0.05 });

		const slowShift = await shift(slow, taught([0, 0, 1]), []);
		const fastShift = await shift(fast, taught([0, 0, 1]), []);

		expect(fastShift).toBeGreaterThan(2 * slowShift);
		slow.dispose();
		fast.dispose();
	});

	it('rejects values out of range and changes nothing', () => {
		const sut = learner();
		const before = sut.settings;

		for (const bad of [{ learningRate: 0 }, { learningRate: 0.2 }, { learningRate: NaN }, { stepsPerUpdate: 0 }, { stepsPerUpdate: 1.5 }, { stepsPerUpdate: 21 }, { replaySize: -1 }, { replaySize: 257 }, { learningRate: 0.01, replaySize: 300 }])
			expect(() => sut.configure(bad)).toThrow(Error);

		expect(sut.settings).toEqual(before);
		sut.dispose();
	});

	it('leaks no tensor when it replaces the optimiser', async () => {
		const sut = learner();
		const example = replayPool()[0]!;
		await sut.update(example, replayPool()); // the optimiser creates its slots on the first step
		const before = tf.memory().numTensors;

		sut.configure({ learningRate: 0.02 });
		await sut.update(example, replayPool());

		expect(tf.memory().numTensors).toBe(before);
		sut.dispose();
	});
});
