import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACTIVE_LEARNING } from '$lib/core/settings';
import { buildInsights } from '$lib/core/quality/insights';
import { auroc } from '$lib/core/quality/novelty';
import { rankPool } from '$lib/core/query/rank-pool';
import { isPreAccepted } from '$lib/core/query/threshold';
import { ProjectSession } from '$lib/core/session/project-session';
import { digitSamples } from '../../helpers/digits';
import { change, disposeAfterEach } from '../../helpers/sessions';
import { useWasm } from '../../helpers/wasm';

const keep = disposeAfterEach();
const TAUGHT = ['0', '1', '2'];

/** 150 digits; the samples of 0, 1 and 2 among the first 100 labelled, and the model taught on them alone. */
async function taughtOnThree(): Promise<{ sut: ProjectSession; samples: ReturnType<typeof digitSamples> }> {
	const samples = digitSamples(150, 0);
	const labelled = samples.map((s, i) => (i < 100 && TAUGHT.includes(s.digit) ? { ...s, classId: s.digit } : s));
	const sut = keep(await ProjectSession.open({ classIds: TAUGHT, samples: labelled }));
	await sut.trainer.learnAll(8, () => false);
	await sut.reviewTeaching();
	return { sut, samples };
}

describe('the teaching record in a session', () => {
	beforeAll(useWasm);

	it('judges each new label with the raw probabilities before learning it, and keeps the record with the saved model', async () => {
		const { sut, samples } = await taughtOnThree();
		const next = samples.filter((s, i) => i >= 100 && TAUGHT.includes(s.digit)).slice(0, 3);
		for (const s of next) await change(sut, s.id, { classId: s.digit });

		const judged = await sut.trainer.judgeUnseen(next.map((s) => ({ sampleId: s.id, classId: s.digit })));

		expect(judged.map((j) => j.sampleId)).toEqual(next.map((s) => s.id));
		const [raw] = await sut.scorer.scoresOf([next[0]!.id]);
		expect([...judged[0]!.probs]).toEqual([...raw!.raw]);
		expect(sut.teaching.history.judgedTotal).toBe(3);
		const reopened = keep(await ProjectSession.open({ classIds: TAUGHT, model: { artifacts: await sut.lineage.save(), version: sut.version, classIds: TAUGHT, teaching: sut.teaching.history } }));
		expect(buildInsights(reopened.teaching.history, TAUGHT, 3).judged).toBe(3);
	});

	it('shows calibrated confidence: never 100% on three labels, and the same top class as the raw scores', async () => {
		const samples = digitSamples(10, 0).map((s, i) => (i < 3 ? { ...s, classId: i < 2 ? '0' : '1' } : s));
		const sut = keep(await ProjectSession.open({ classIds: ['0', '1'], samples }));
		await sut.trainer.learnAll(30, () => false);

		const scores = await sut.scorer.scoresOf(samples.map((s) => s.id));

		for (const s of scores) {
			expect(Math.max(...s.probs)).toBeLessThan(0.95);
			expect(s.probs.indexOf(Math.max(...s.probs))).toBe(s.raw.indexOf(Math.max(...s.raw)));
		}
	});

	it('scores samples of a class never taught as more novel than held-out samples of the taught ones, and never pre-accepts a novel one', async () => {
		const { sut, samples } = await taughtOnThree();
		const unseen = samples.slice(100);
		const suggestions = new Map((await sut.scorer.suggest(unseen.map((s) => s.id))).map((s) => [s.sampleId, s]));
		const novelty = (s: (typeof unseen)[number]) => suggestions.get(s.id)!.novelty!;

		const known = unseen.filter((s) => TAUGHT.includes(s.digit)).map(novelty);
		const novel = unseen.filter((s) => !TAUGHT.includes(s.digit)).map(novelty);

		expect(auroc(novel, known)).toBeGreaterThan(0.75);
		const sureButNovel = { classId: '0', p: 0.999 };
		expect(isPreAccepted(sureButNovel, DEFAULT_ACTIVE_LEARNING, 3, 5)).toBe(false);
		expect(isPreAccepted(sureButNovel, DEFAULT_ACTIVE_LEARNING, 3, 0.5)).toBe(true);
	});

	it('puts the samples over the novelty threshold at the head of the queue with their own reason, leaking no tensor', async () => {
		const { sut } = await taughtOnThree();
		const before = tf.memory().numTensors;

		const result = await rankPool((work) => work(sut), { strategyId: 'margin', k: 8, auditShare: 0, seed: 1, thresholds: { threshold: 0.95, noveltyThreshold: 1 } });
		const plain = await rankPool((work) => work(sut), { strategyId: 'margin', k: 8, auditShare: 0, seed: 1 });

		expect(tf.memory().numTensors).toBe(before);
		expect(result!.picks[0]!.reason.kind).toBe('untaught');
		expect(result!.picks.filter((p) => p.reason.kind === 'untaught')).toHaveLength(2);
		expect(plain!.picks.some((p) => p.reason.kind === 'untaught')).toBe(false);
	});

	it('reviews the teaching without leaking a tensor', async () => {
		const { sut } = await taughtOnThree();
		const before = tf.memory().numTensors;

		await sut.reviewTeaching();

		expect(tf.memory().numTensors).toBe(before);
		expect(sut.teaching.reference?.embedding.count).toBeGreaterThan(20);
		expect(sut.teaching.reference?.pixels?.count).toBe(sut.teaching.reference?.embedding.count);
	});
});
