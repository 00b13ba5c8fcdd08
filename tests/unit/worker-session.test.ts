import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmConv2DBackpropFilter } from '$lib/core/backend/wasm-conv2d-backprop-filter';
import { ProjectSession } from '$lib/worker/session';
import { digitExamples } from './helpers/digits';

const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

function sessionSamples(count: number) {
	return digitExamples(count).map((e) => ({ id: e.id, input: e.input, classId: CLASSES[e.label] }));
}

describe('ProjectSession', () => {
	beforeAll(async () => {
		registerWasmConv2DBackpropFilter();
		await tf.setBackend('wasm');
	});

	it('a background refit replaces a barely-trained model, and then keeps the better one', async () => {
		const sut = await ProjectSession.open(CLASSES, sessionSamples(120));

		const first = await sut.refit(() => false);
		const before = tf.memory().numTensors; // the new live model now has its optimiser's state
		const second = await sut.refit(() => false);

		expect(first).toMatchObject({ ran: true, replaced: true });
		expect(first.challenger!).toBeGreaterThan(first.current!);
		expect(sut.version).toBe(1);
		expect(second.ran).toBe(true);
		expect(second.current!).toBeGreaterThan(0.7);
		expect(tf.memory().numTensors).toBe(before);
		sut.dispose();
	});

	it('gives way when the human acts, changing nothing', async () => {
		const sut = await ProjectSession.open(CLASSES, sessionSamples(120));

		const outcome = await sut.refit(() => true);

		expect(outcome).toEqual({ ran: false, replaced: false });
		expect(sut.version).toBe(0);
		sut.dispose();
	});

	it('takes its idle steps only once two classes are labelled, improving fit on them, gives way, and leaks nothing', async () => {
		const examples = digitExamples(40);
		const oneClass = await ProjectSession.open(CLASSES, examples.map((e, i) => ({ id: e.id, input: e.input, classId: i === 0 ? CLASSES[e.label] : undefined })));
		const untouched = (await oneClass.suggest())[1]!.ranked[0]!.p;
		expect(await oneClass.practise(() => false)).toBe(false);
		expect((await oneClass.suggest())[1]!.ranked[0]!.p).toBe(untouched);
		oneClass.dispose();

		const sut = await ProjectSession.open(CLASSES, examples.map((e) => ({ id: e.id, input: e.input, classId: CLASSES[e.label] })));
		const labelled = examples.map((e) => ({ ...e }));
		const before = await sut.evaluate(labelled);
		expect(await sut.practise(() => false)).toBe(true); // the first steps make the optimiser's state
		const tensors = tf.memory().numTensors;
		for (let i = 0; i < 3; i++) expect(await sut.practise(() => false)).toBe(true);
		const after = await sut.evaluate(labelled);
		expect(after).toBeGreaterThan(before);
		expect(tf.memory().numTensors).toBe(tensors);
		expect(await sut.practise(() => true)).toBe(false);
		sut.dispose();
	});

	it('suggests the top three classes for every sample, and explains with a map of the input’s size', async () => {
		const samples = sessionSamples(30);
		const sut = await ProjectSession.open(CLASSES, samples);

		const suggestions = await sut.suggest();
		const map = await sut.explain(samples[0]!.id, 'vanilla-gradient');

		expect(suggestions).toHaveLength(30);
		expect(suggestions[0]!.ranked).toHaveLength(3);
		expect(suggestions[0]!.ranked[0]!.p).toBeGreaterThanOrEqual(suggestions[0]!.ranked[1]!.p);
		expect(map).toHaveLength(32 * 32);
		expect(Math.max(...map!)).toBeCloseTo(1);
		sut.dispose();
	});

	it('reopens a saved model in its own class order and follows the classes changed since', async () => {
		const samples = sessionSamples(20).map((s) => ({ ...s, classId: undefined }));
		const first = await ProjectSession.open(['a', 'b', 'c'], samples);
		const [before] = await first.suggest([samples[0]!.id]);
		const saved = { artifacts: await first.save(), version: 7, classIds: first.classOrder };
		first.dispose();

		const sut = await ProjectSession.open(['a', 'c'], samples, saved); // "b" was deleted meanwhile
		const [after] = await sut.suggest([samples[0]!.id]);

		const p = (s: typeof before, id: string) => s!.ranked.find((r) => r.classId === id)!.p;
		expect(sut.version).toBe(7);
		expect(p(after, 'a') / p(after, 'c')).toBeCloseTo(p(before, 'a') / p(before, 'c'), 4);
		sut.dispose();
	});
});

