import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureHead } from '$lib/core/model/architecture';
import { HEAD_LEARNER_SETTINGS, NO_LABEL, OnlineLearner } from '$lib/core/model/online-learner';
import { ModelContext } from '$lib/core/session/context';
import { SamplePool } from '$lib/core/session/pool';
import { disposeAfterEach } from '../../helpers/sessions';
import type { SessionSample } from '$lib/core/session/types';

const keep = disposeAfterEach();

/** A pool of `n` samples s0..s{n-1} for a model of classes a and b (a tiny head: the pool never trains it). */
async function pool(n = 4): Promise<SamplePool> {
	const learner = keep(OnlineLearner.create(2, HEAD_LEARNER_SETTINGS, featureHead(4)));
	const sut = new SamplePool(new ModelContext(learner, ['a', 'b'], undefined));
	await sut.upsert(Array.from({ length: n }, (_, i) => sample(i)));
	return sut;
}

/** Sample s`i` as the database holds it at `updatedAt`. */
const sample = (i: number, patch: Partial<SessionSample> = {}, updatedAt = 10): SessionSample => ({ id: `s${i}`, input: new Float32Array(4).fill(i), updatedAt, ...patch });

const mask = (cells: number[]) => Uint8Array.from({ length: 4 }, (_, i) => (cells.includes(i) ? 1 : 0));

describe('SamplePool', () => {
	beforeAll(async () => {
		await tf.setBackend('cpu');
	});

	it('takes samples as they are now and says what changed: labels, feedback, new samples; older news is ignored', async () => {
		const sut = await pool();

		const first = await sut.upsert([sample(0, { classId: 'a' }, 11), sample(1, { classId: 'gone' }, 11), sample(4, { classId: 'b' }, 11)]);
		const second = await sut.upsert([sample(2, { classId: 'b' }, 12), sample(0, { classId: 'a', mask: mask([0]), attentionAt: 12 }, 12)]);
		const third = await sut.upsert([sample(2, {}, 13), sample(0, {}, 5)]); // s0's is older than the pool's copy

		expect(first).toMatchObject({ labels: [{ sampleId: 's0', classId: 'a' }, { sampleId: 's1', classId: 'gone' }, { sampleId: 's4', classId: 'b' }], masks: [], added: ['s4'], through: 11 });
		expect(second).toMatchObject({ labels: [{ sampleId: 's2', classId: 'b' }], masks: ['s0'], added: [] });
		expect(third).toMatchObject({ labels: [{ sampleId: 's2', classId: null }], masks: [] });
		expect(['s0', 's1', 's2', 's4', 'nobody'].map((id) => sut.isLabelled(id))).toEqual([true, false, false, true, false]);
		expect(sut.labelled().map((e) => [e.id, e.label])).toEqual([['s0', 0], ['s4', 1]]);
		expect(sut.unlabelledIds()).toEqual(['s1', 's2', 's3']);
	});

	it('opening on a saved model, takes as news only the labels and feedback given after it', async () => {
		const sut = await pool(0);

		const news = await sut.upsert([sample(0, { classId: 'a' }, 5), sample(1, { classId: 'b' }, 20), sample(2, { mask: mask([1]), attentionAt: 5 }, 5), sample(3, { mask: mask([1]), attentionAt: 20 }, 20)], 10);

		expect(news.labels).toEqual([{ sampleId: 's1', classId: 'b' }]);
		expect(news.masks).toEqual(['s3']);
		expect(news.added).toEqual(['s0', 's1', 's2', 's3']);
		expect(sut.isLabelled('s0')).toBe(true); // learned already, and held with its label
	});

	it('trains on labels, on feedback without a label (penalty only) and on signals of unlabelled samples, each joined to the region', async () => {
		const sut = await pool();
		const target = { positive: { b: 0.5 }, negative: {}, at: 1 };

		await sut.upsert([sample(0, { classId: 'a' }, 11), sample(1, { mask: mask([0]), attentionAt: 11 }, 11)]);
		sut.record({ signals: [{ sampleId: 's2', target, learn: true }, { sampleId: 's0', target, learn: true }], ignoreRegion: { mask: mask([3]), learn: true } });
		const training = sut.trainingPool();

		expect(training.map((e) => [e.id, e.label])).toEqual([['s0', 0], ['s1', NO_LABEL], ['s2', NO_LABEL]]);
		expect(Array.from(training[1]!.mask!)).toEqual([1, 0, 0, 1]); // its own feedback and the region
		expect(Array.from(training[0]!.mask!)).toEqual([0, 0, 0, 1]);
		expect(Array.from(training[2]!.target!)).toEqual([0, 0.5]);
		expect(sut.hasLearnableSignal('s2')).toBe(true);
		expect(sut.hasLearnableSignal('s0')).toBe(false); // a human label always wins
		expect(sut.hasLearnableMask('s1')).toBe(true);
		expect(sut.hasLearnableRegion()).toBe(true);
		expect(sut.labelled().every((e) => !e.mask)).toBe(true);
	});

	it('takes feedback, signals and the region back when told', async () => {
		const sut = await pool();
		await sut.upsert([sample(1, { mask: mask([0]), attentionAt: 11 }, 11)]);
		sut.record({ signals: [{ sampleId: 's2', target: { positive: { a: 1 }, negative: {}, at: 1 }, learn: true }], ignoreRegion: { mask: mask([1]), learn: true } });

		const news = await sut.upsert([sample(1, { attentionAt: 0 }, 12)]);
		sut.record({ signals: [{ sampleId: 's2', target: null, learn: false }], ignoreRegion: { mask: null, learn: false } });

		expect(news.masks).toEqual(['s1']);
		expect(sut.hasLearnableMask('s1')).toBe(false);
		expect(sut.hasLearnableSignal('s2')).toBe(false);
		expect(sut.hasLearnableRegion()).toBe(false);
		expect(sut.trainingPool()).toEqual([]);
	});

	it('holds acts while frozen and hands them back once', async () => {
		const sut = await pool();

		sut.hold(['s0', 's1', 's0', 'nobody']);

		expect(sut.heldCount).toBe(2);
		expect(sut.releaseHeld()).toEqual(['s0', 's1']);
		expect(sut.releaseHeld()).toEqual([]);
	});

	it('gives the audit baseline the labelled audit picks alone', async () => {
		const sut = await pool();

		await sut.upsert([sample(0, { classId: 'a', audit: true }, 11), sample(1, { classId: 'b', audit: false }, 11), sample(2, { audit: true }, 11)]);

		expect(sut.auditPicks().map((e) => e.id)).toEqual(['s0']);
	});
});
