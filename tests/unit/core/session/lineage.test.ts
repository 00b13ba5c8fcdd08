import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectSession } from '$lib/core/session/project-session';
import { DIGIT_CLASSES, digitSamples } from '../../helpers/digits';
import { change, disposeAfterEach } from '../../helpers/sessions';
import { useWasm } from '../../helpers/wasm';

const keep = disposeAfterEach();

/** The model's own probabilities for every sample: what the weights say, before calibration (which follows the labels). */
async function probsOf(sut: ProjectSession): Promise<number[]> {
	return (await sut.scorer.scoresOf(sut.pool.ids())).flatMap((s) => [...s.raw]);
}

/** 40 digits, 20 labelled, and a model taught them. */
async function taught(): Promise<{ sut: ProjectSession; samples: ReturnType<typeof digitSamples> }> {
	const samples = digitSamples(40, 20);
	const sut = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples }));
	await sut.trainer.learnAll(2, () => false);
	return { sut, samples };
}

/** Labels one more sample and takes the quick step on it, as an act does. */
async function act(sut: ProjectSession, sample: { id: string; digit: string }): Promise<void> {
	sut.lineage.checkpoint();
	await change(sut, sample.id, { classId: sample.digit });
	await sut.trainer.quickStep(sample.id);
}

describe('Lineage', () => {
	beforeAll(useWasm);

	it('undo puts back the exact weights before an act, redo those after it, and a new act gets a number never given before', async () => {
		const { sut, samples } = await taught();
		const before = { version: sut.version, probs: await probsOf(sut) };
		await act(sut, samples[30]!);
		const after = { version: sut.version, probs: await probsOf(sut) };

		expect(sut.lineage.restore(before.version)).toBe(true);
		expect(sut.version).toBe(before.version);
		expect(await probsOf(sut)).toEqual(before.probs);
		const tensors = tf.memory().numTensors; // a restored model starts with a fresh optimiser
		expect(sut.lineage.restore(after.version)).toBe(true);
		expect(await probsOf(sut)).toEqual(after.probs);
		sut.lineage.restore(before.version);
		expect(tf.memory().numTensors).toBe(tensors);

		await act(sut, samples[31]!);
		expect(sut.version).toBe(after.version + 1);
		expect(sut.lineage.restore(12345)).toBe(false);
	});

	it('rolls back to stored weights, and the next act gets a number after every one given', async () => {
		const { sut, samples } = await taught();
		const stored = { artifacts: await sut.lineage.save(), version: sut.version, classIds: [...DIGIT_CLASSES] };
		const probs = await probsOf(sut);
		await act(sut, samples[32]!);
		await act(sut, samples[33]!);

		await sut.lineage.rollback(stored);

		expect(sut.version).toBe(stored.version);
		expect(await probsOf(sut)).toEqual(probs);
		await act(sut, samples[34]!);
		expect(sut.version).toBe(stored.version + 3);
	});

	it('rolls back onto the classes the project has now, keeping what the stored weights say of each', async () => {
		const { sut, samples } = await taught();
		const stored = { artifacts: await sut.lineage.save(), version: sut.version, classIds: [...DIGIT_CLASSES] };
		const [before] = await sut.scorer.scoresOf([samples[0]!.id]);
		const fewer = DIGIT_CLASSES.filter((c) => c !== '5');
		sut.setClasses(fewer);

		await sut.lineage.rollback(stored);
		const [after] = await sut.scorer.scoresOf([samples[0]!.id]);

		expect(sut.context.classIds).toEqual(fewer);
		expect(after!.probs).toHaveLength(9);
		expect(after!.raw[0]! / after!.raw[6]!).toBeCloseTo(before!.raw[0]! / before!.raw[7]!, 4); // "0" against "7"
	});

	it('after a backend change rebuilds the model from the last saved weights, keeping its version; the ring is gone', async () => {
		const { sut, samples } = await taught();
		await sut.lineage.save();
		const saved = { version: sut.version, probs: await probsOf(sut) };
		await act(sut, samples[35]!);

		await sut.reload();

		expect(sut.version).toBe(saved.version + 1);
		expect(await probsOf(sut)).toEqual(saved.probs); // the act after the save is not in the saved weights
		expect(sut.lineage.restore(saved.version)).toBe(false);
	});
});
