import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '$lib/core/backend/wasm-training-kernels';
import { DEFAULT_LEARNER_SETTINGS, OnlineLearner, type Example } from '$lib/core/model/online-learner';
import { crossEntropy } from '$lib/core/model/train-step';
import { accuracy } from '$lib/core/metrics/accuracy';
import { digitExamples } from '../../helpers/digits';

async function lossOn(sut: OnlineLearner, example: Example): Promise<number> {
	const loss = tf.tidy(() => crossEntropy(tf.oneHot([example.label], sut.classes), sut.network.predict(sut.architecture.batch([example.input])) as tf.Tensor));
	const [value] = await loss.data();
	loss.dispose();
	return value!;
}

describe('OnlineLearner', () => {
	beforeAll(async () => {
		registerWasmTrainingKernels();
		await tf.setBackend('wasm');
	});

	it('an update lowers the loss on the new sample without forgetting the earlier ones', async () => {
		const earlier = digitExamples(150);
		const sut = OnlineLearner.create(10);
		await sut.fit(earlier, 8);
		const before = await accuracy(sut, earlier);
		const fresh = digitExamples(10, 600);
		const lossBefore = await lossOn(sut, fresh[0]!);

		await sut.update(fresh[0]!, earlier);
		const lossAfter = await lossOn(sut, fresh[0]!);
		for (let i = 1; i < fresh.length; i++) await sut.update(fresh[i]!, [...earlier, ...fresh.slice(0, i)]);

		expect(lossAfter).toBeLessThan(lossBefore);
		expect(before).toBeGreaterThan(0.8);
		expect(await accuracy(sut, earlier)).toBeGreaterThanOrEqual(before - 0.05); // after ten updates
		expect(await accuracy(sut, fresh)).toBeGreaterThanOrEqual(0.8);
		sut.dispose();
	});

	it('leaks no tensor over 200 updates', async () => {
		const pool = digitExamples(20);
		const sut = OnlineLearner.create(10, { ...DEFAULT_LEARNER_SETTINGS, stepsPerUpdate: 1, replaySize: 2, newSampleWeight: 1, quickReplay: 2 });
		await sut.update(pool[0]!, pool); // the optimiser creates its slots on the first step
		const before = tf.memory().numTensors;

		for (let i = 0; i < 200; i++) await sut.update(pool[i % pool.length]!, pool);

		expect(tf.memory().numTensors).toBe(before);
		expect(sut.revision).toBe(201); // one step each
		sut.dispose();
	});

	it('grows its output layer for a new class and keeps the rest of what it learned', async () => {
		const pool = digitExamples(60).filter((e) => e.label < 2);
		const sut = OnlineLearner.create(2);
		await sut.fit(pool, 6);
		const conv = Array.from(await sut.network.getWeights()[0]!.data());
		const before = tf.memory().numTensors;

		sut.remapClasses([0, 1, null]);

		expect(sut.classes).toBe(3);
		expect(Array.from(await sut.network.getWeights()[0]!.data())).toEqual(conv);
		expect(await accuracy(sut, pool)).toBeGreaterThan(0.9);
		expect(tf.memory().numTensors).toBeLessThanOrEqual(before); // the old optimiser's state is freed
		sut.dispose();
	});

	it('saves and restores with the same predictions', async () => {
		const pool = digitExamples(10);
		const sut = OnlineLearner.create(10);
		const restored = await OnlineLearner.restore(await sut.save());

		expect(Array.from(await restored.predict([pool[0]!.input]))).toEqual(Array.from(await sut.predict([pool[0]!.input])));
		sut.dispose();
		restored.dispose();
	});
});

describe('OnlineLearner.remapClasses', () => {
	it('keeps each surviving class’s output when a class in the middle is removed', async () => {
		await tf.setBackend('cpu');
		const pool = digitExamples(30);
		const sut = OnlineLearner.create(3);
		const before = await sut.predict([pool[0]!.input]);

		sut.remapClasses([0, 2]); // class 1 deleted

		const after = await sut.predict([pool[0]!.input]);
		// Softmax over the kept two: their ratio is unchanged.
		expect(after[0]! / after[1]!).toBeCloseTo(before[0]! / before[2]!, 4);
		sut.dispose();
	});
});

describe('OnlineLearner two-phase update', () => {
	it('the quick step alone is one step and already lowers the loss; refine gives way when asked', async () => {
		await tf.setBackend('wasm');
		const pool = digitExamples(40);
		const sut = OnlineLearner.create(10);
		const lossBefore = await lossOn(sut, pool[0]!);

		await sut.quickStep(pool[0]!, pool);
		const afterQuick = Array.from(await sut.predict([pool[1]!.input]));
		await sut.refine(pool[0]!, pool, () => true);

		expect(sut.revision).toBe(1);
		expect(await lossOn(sut, pool[0]!)).toBeLessThan(lossBefore);
		expect(Array.from(await sut.predict([pool[1]!.input]))).toEqual(afterQuick); // refine stopped at once
		sut.dispose();
	});

	it('hears a stop that arrives as an event (the next act, in a worker) after one step, not after the whole loop', async () => {
		await tf.setBackend('wasm');
		const pool = digitExamples(40);
		const sut = OnlineLearner.create(10);
		let stopped = false;
		setTimeout(() => (stopped = true), 0); // as a message from the page would arrive: a task, not a microtask
		const revision = sut.revision;

		const finished = await sut.practise(pool, 50, () => stopped);

		expect(finished).toBe(false);
		expect(sut.revision - revision).toBeLessThanOrEqual(2);
		sut.dispose();
	});
});
