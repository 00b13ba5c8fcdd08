import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRATEGIES } from '$lib/core/query/registry';
import { rankPool } from '$lib/core/query/rank-pool';
import { ProjectSession } from '$lib/core/session/project-session';
import { DIGIT_CLASSES, digitSamples } from '../../helpers/digits';
import { change, disposeAfterEach } from '../../helpers/sessions';
import { useWasm } from '../../helpers/wasm';

const keep = disposeAfterEach();

/** 60 digits, the first 20 labelled. */
async function session(): Promise<ProjectSession> {
	const sut = await ProjectSession.open({ classIds: DIGIT_CLASSES, samples: digitSamples(60, 20) });
	await sut.trainer.learnAll(3, () => false);
	return sut;
}

describe('rankPool', () => {
	let sut: ProjectSession; // ranking changes nothing in the session, so one serves every test

	beforeAll(async () => {
		await useWasm();
		sut = await session();
	});

	afterAll(() => sut.dispose());

	it.each(STRATEGIES.map((s) => [s.id]))('ranks the unlabelled pool with %s, leaking no tensor', async (strategyId) => {
		const before = tf.memory().numTensors;

		const result = await rankPool((work) => work(sut), { strategyId, k: 10, auditShare: 0.2, seed: 3 });

		expect(tf.memory().numTensors).toBe(before);
		expect(result?.poolSize).toBe(40);
		expect(result?.picks).toHaveLength(10);
		expect(result!.picks.every((p) => Number(p.id.slice(1)) >= 20)).toBe(true); // never a labelled one
	});

	it('asks with the default until a committee has two classes of labels to disagree about', async () => {
		const fresh = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples: digitSamples(30, 0) }));

		const result = await rankPool((work) => work(fresh), { strategyId: 'committee-vote', k: 5, auditShare: 0, seed: 1 });

		expect(result?.picks).toHaveLength(5);
		expect(result?.picks[0]?.reason.kind).toBe('novel');
	});

	it('gives up when the model changes between its chunks (an act came first), and ranks with the weights it began with otherwise', async () => {
		const samples = digitSamples(600, 20);
		const big = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples }));
		let jobs = 0;
		const actAfterFirstChunk = async <T>(work: (s: ProjectSession) => Promise<T>) => {
			if (++jobs === 3) await big.trainer.quickStep(samples[0]!.id); // between the first and second chunk of 512
			return work(big);
		};

		const result = await rankPool(actAfterFirstChunk, { strategyId: 'margin', k: 5, auditShare: 0, seed: 1 });
		const revision = big.context.revision;
		const unchanged = await rankPool((work) => work(big), { strategyId: 'margin', k: 5, auditShare: 0, seed: 1 });

		expect(result).toBeNull();
		expect(unchanged).toMatchObject({ revision, poolSize: 580 });
	});

	it('has each audit pick carry the guess of the baseline taught only the audit picks, and how many it rests on; ranking teaches neither model', async () => {
		// 20 labelled, the first 10 of them answered as random audit picks.
		const samples = digitSamples(60, 20).map((s, i) => ({ ...s, audit: i < 10 }));
		const audited = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples }));
		const version = audited.version;
		const rank = () => rankPool((work) => work(audited), { strategyId: 'margin', k: 5, auditShare: 1, seed: 2 });

		const untaught = await rank();
		while (await audited.baseline.learnNext(() => false)); // as the worker's background does after the acts
		const first = await rank();
		const tensors = tf.memory().numTensors;
		await change(audited, samples[30]!.id, { classId: '3', audit: true });
		await change(audited, samples[31]!.id, { classId: '4', audit: false });
		const stale = await rank();
		while (await audited.baseline.learnNext(() => false));
		const second = await rank();

		expect(untaught!.picks.every((p) => p.audit && p.baseline?.labels === 0 && p.baseline.suggested === null)).toBe(true);
		expect(first!.picks.every((p) => p.audit && p.baseline?.labels === 10 && DIGIT_CLASSES.includes(p.baseline.suggested!))).toBe(true);
		expect(stale!.picks.every((p) => p.baseline?.labels === 10)).toBe(true); // what it had learned when it guessed
		expect(second!.picks.every((p) => p.baseline?.labels === 11)).toBe(true); // the new audit pick, not the other label
		expect(audited.version).toBe(version);
		expect(tf.memory().numTensors).toBe(tensors);
	});

	it('leaves strategy picks without a baseline guess, and asks nothing of the baseline when no pick is an audit', async () => {
		const result = await rankPool((work) => work(sut), { strategyId: 'margin', k: 5, auditShare: 0, seed: 1 });

		expect(result!.picks.every((p) => !p.audit && p.baseline === undefined)).toBe(true);
	});
});
