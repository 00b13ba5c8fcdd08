import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmConv2DBackpropFilter } from '$lib/core/backend/wasm-conv2d-backprop-filter';
import { ProjectSession } from '$lib/worker/session';
import { digitExamples } from './helpers/digits';

const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Digits as session samples; the first `labelled` carry their label. */
function sessionSamples(count: number, labelled: number) {
	return digitExamples(count).map((e, i) => ({ id: e.id, input: e.input, ...(i < labelled ? { classId: CLASSES[e.label] } : {}), digit: CLASSES[e.label]! }));
}

async function probsOf(sut: ProjectSession): Promise<number[]> {
	return (await sut.suggest()).flatMap((s) => s.ranked.map((r) => r.p));
}

describe('ProjectSession: the human in control', () => {
	beforeAll(async () => {
		registerWasmConv2DBackpropFilter();
		await tf.setBackend('wasm');
	});

	it('undo puts back the exact weights before an act, redo those after it, and a new act gets a new version number', async () => {
		const samples = sessionSamples(40, 20);
		const sut = await ProjectSession.open(CLASSES, samples);
		await sut.learnAll(2, () => false);
		const before = { version: sut.version, probs: await probsOf(sut) };

		await sut.checkpoint();
		sut.setLabel(samples[30]!.id, samples[30]!.digit);
		await sut.learnQuick(samples[30]!.id);
		const after = { version: sut.version, probs: await probsOf(sut) };

		expect(await sut.restoreVersion(before.version)).toBe(true);
		expect(sut.version).toBe(before.version);
		expect(await probsOf(sut)).toEqual(before.probs);
		const tensors = tf.memory().numTensors; // a restored model starts with a fresh optimiser
		expect(await sut.restoreVersion(after.version)).toBe(true);
		expect(await probsOf(sut)).toEqual(after.probs);
		await sut.restoreVersion(before.version);
		expect(tf.memory().numTensors).toBe(tensors);

		await sut.restoreVersion(before.version);
		sut.setLabel(samples[31]!.id, samples[31]!.digit);
		await sut.learnQuick(samples[31]!.id);
		expect(sut.version).toBeGreaterThan(after.version);
		expect(await sut.restoreVersion(12345)).toBe(false);
		sut.dispose();
	});

	it('rolls back to saved weights, and a kept version’s accuracy counts only labels judged before they were learned', async () => {
		const samples = sessionSamples(60, 40);
		const sut = await ProjectSession.open(CLASSES, samples);
		await sut.learnAll(3, () => false);
		const saved = { artifacts: await sut.save(), version: sut.version, classIds: sut.classOrder };
		const probs = await probsOf(sut);

		for (const s of samples.slice(40, 46)) {
			await sut.judge([{ sampleId: s.id, classId: s.digit }]);
			sut.setLabel(s.id, s.digit);
			await sut.learnQuick(s.id);
		}
		const figure = sut.takeUnseenAccuracy();
		await sut.restoreModel(saved);

		expect(figure.heldOut).toBe(6);
		expect(figure.accuracy).toBeGreaterThanOrEqual(0);
		expect(figure.accuracy).toBeLessThanOrEqual(1);
		expect(sut.takeUnseenAccuracy()).toEqual({ heldOut: 0 });
		expect(sut.version).toBe(saved.version);
		expect(await probsOf(sut)).toEqual(probs);
		sut.dispose();
	});

	it('compares two versions on the labelled set: each one’s accuracy, and exactly the samples where their top classes differ', async () => {
		const samples = sessionSamples(60, 60);
		const sut = await ProjectSession.open(CLASSES, samples);
		const untrained = { artifacts: await sut.save(), version: sut.version, classIds: sut.classOrder };
		await sut.learnAll(4, () => false);
		const trained = { artifacts: await sut.save(), version: sut.version, classIds: sut.classOrder };
		const tensors = tf.memory().numTensors;

		const result = await sut.compare(untrained, trained);
		const same = await sut.compare(trained, trained);

		expect(result.labelled).toBe(60);
		expect(result.b.accuracy).toBeGreaterThan(result.a.accuracy);
		expect(result.differences.length).toBeGreaterThan(0);
		for (const d of result.differences) expect(d.a.classId).not.toBe(d.b.classId);
		expect(same.differences).toEqual([]);
		expect(tf.memory().numTensors).toBe(tensors);
		sut.dispose();
	});
});
