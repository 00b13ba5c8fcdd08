import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmConv2DBackpropFilter } from '$lib/core/backend/wasm-conv2d-backprop-filter';
import { STRATEGIES } from '$lib/core/active/registry';
import { rankPool } from '$lib/worker/ranking';
import { ProjectSession } from '$lib/worker/session';
import { digitExamples } from './helpers/digits';

const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** 60 digits, the first 20 labelled. */
async function session(): Promise<ProjectSession> {
	const samples = digitExamples(60).map((e, i) => ({ id: e.id, input: e.input, classId: i < 20 ? CLASSES[e.label] : undefined }));
	const sut = await ProjectSession.open(CLASSES, samples);
	await sut.learnAll(3, () => false);
	return sut;
}

describe('rankPool', () => {
	let sut: ProjectSession; // ranking changes nothing in the session, so one serves every test

	beforeAll(async () => {
		registerWasmConv2DBackpropFilter();
		await tf.setBackend('wasm');
		sut = await session();
	});

	afterAll(() => sut.dispose());

	it.each(STRATEGIES.map((s) => [s.id]))('ranks the unlabelled pool with %s, leaking no tensor', async (strategyId) => {
		const before = tf.memory().numTensors;

		const result = await rankPool((work) => work(sut), { strategyId, k: 10, auditShare: 0.2, seed: 3 }, () => 0);

		expect(tf.memory().numTensors).toBe(before);
		expect(result?.poolSize).toBe(40);
		expect(result?.picks).toHaveLength(10);
		expect(result!.picks.every((p) => Number(p.id.slice(1)) >= 20)).toBe(true); // never a labelled one
	});

	it('asks with the default until a committee has two classes of labels to disagree about', async () => {
		const fresh = await ProjectSession.open(CLASSES, digitExamples(30).map((e) => ({ id: e.id, input: e.input })));

		const result = await rankPool((work) => work(fresh), { strategyId: 'committee-vote', k: 5, auditShare: 0, seed: 1 }, () => 0);

		expect(result?.picks).toHaveLength(5);
		expect(result?.picks[0]?.reason.kind).toBe('novel');
		fresh.dispose();
	});

	it('gives up when the model changes while it ranks', async () => {
		let stamp = 0;

		const result = await rankPool((work) => (stamp++, work(sut)), { strategyId: 'margin', k: 5, auditShare: 0, seed: 1 }, () => stamp);

		expect(result).toBeNull();
	});
});
