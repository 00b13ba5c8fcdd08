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

	it('has each audit pick carry the guess of a baseline taught only the audit picks, leaving the live model alone', async () => {
		// 20 labelled, the first 10 of them answered as random audit picks.
		const samples = digitExamples(60).map((e, i) => ({ id: e.id, input: e.input, classId: i < 20 ? CLASSES[e.label] : undefined, audit: i < 10 }));
		const audited = await ProjectSession.open(CLASSES, samples);
		const version = audited.version;

		const first = await rankPool((work) => work(audited), { strategyId: 'margin', k: 5, auditShare: 1, seed: 2 }, () => 0);
		const tensors = tf.memory().numTensors;
		audited.setLabel(samples[30]!.id, '3', true);
		audited.setLabel(samples[31]!.id, '4', false);
		const second = await rankPool((work) => work(audited), { strategyId: 'margin', k: 5, auditShare: 1, seed: 2 }, () => 0);

		expect(first!.picks.every((p) => p.audit && p.baseline?.labels === 10 && CLASSES.includes(p.baseline.suggested!))).toBe(true);
		expect(second!.picks.every((p) => p.baseline?.labels === 11)).toBe(true); // the new audit pick, not the other label
		expect(audited.version).toBe(version);
		expect(tf.memory().numTensors).toBe(tensors);
		audited.dispose();
	});

	it('leaves strategy picks without a baseline guess, and asks nothing of the baseline when no pick is an audit', async () => {
		const result = await rankPool((work) => work(sut), { strategyId: 'margin', k: 5, auditShare: 0, seed: 1 }, () => 0);

		expect(result!.picks.every((p) => !p.audit && p.baseline === undefined)).toBe(true);
	});
});
