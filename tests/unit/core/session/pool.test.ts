import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureHead } from '$lib/core/model/architecture';
import { HEAD_LEARNER_SETTINGS, NO_LABEL, OnlineLearner } from '$lib/core/model/online-learner';
import { ModelContext } from '$lib/core/session/context';
import { SamplePool } from '$lib/core/session/pool';
import { disposeAfterEach } from '../../helpers/sessions';

const keep = disposeAfterEach();

/** A pool of `n` samples s0..s{n-1} for a model of classes a and b (a tiny head: the pool never trains it). */
async function pool(n = 4): Promise<SamplePool> {
	const learner = keep(OnlineLearner.create(2, HEAD_LEARNER_SETTINGS, featureHead(4)));
	const sut = new SamplePool(new ModelContext(learner, ['a', 'b'], undefined));
	await sut.upsert(Array.from({ length: n }, (_, i) => ({ id: `s${i}`, input: new Float32Array(4).fill(i) })));
	return sut;
}

const mask = (cells: number[]) => Uint8Array.from({ length: 4 }, (_, i) => (cells.includes(i) ? 1 : 0));

describe('SamplePool', () => {
	beforeAll(async () => {
		await tf.setBackend('cpu');
	});

	it('records labels of known classes only, and forgets an unlabelled one', async () => {
		const sut = await pool();

		sut.record({ labels: [{ sampleId: 's0', classId: 'a' }, { sampleId: 's1', classId: 'gone' }, { sampleId: 'nobody', classId: 'a' }] });
		sut.record({ labels: [{ sampleId: 's2', classId: 'b' }] });
		sut.record({ labels: [{ sampleId: 's2', classId: null }] });

		expect(['s0', 's1', 's2', 'nobody'].map((id) => sut.isLabelled(id))).toEqual([true, false, false, false]);
		expect(sut.labelled().map((e) => [e.id, e.label])).toEqual([['s0', 0]]);
		expect(sut.unlabelledIds()).toEqual(['s1', 's2', 's3']);
	});

	it('trains on labels, on feedback without a label (penalty only) and on signals of unlabelled samples, each joined to the region', async () => {
		const sut = await pool();
		const target = { positive: { b: 0.5 }, negative: {}, at: 1 };

		sut.record({
			labels: [{ sampleId: 's0', classId: 'a' }],
			masks: [{ sampleId: 's1', mask: mask([0]) }],
			signals: [{ sampleId: 's2', target, learn: true }, { sampleId: 's0', target, learn: true }],
			ignoreRegion: { mask: mask([3]), learn: true }
		});
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

	it('takes feedback and signals back when told, and forgets a removed sample whole', async () => {
		const sut = await pool();
		sut.record({ masks: [{ sampleId: 's1', mask: mask([0]) }], signals: [{ sampleId: 's2', target: { positive: { a: 1 }, negative: {}, at: 1 }, learn: true }] });

		sut.record({ masks: [{ sampleId: 's1', mask: null }], ignoreRegion: { mask: null, learn: false } });
		sut.remove(['s2']);

		expect(sut.hasLearnableMask('s1')).toBe(false);
		expect(sut.hasLearnableRegion()).toBe(false);
		expect(sut.get('s2')).toBeUndefined();
		expect(sut.trainingPool()).toEqual([]);
	});

	it('holds acts while frozen and hands back only those whose samples are still there, once', async () => {
		const sut = await pool();

		sut.hold(['s0', 's1', 's0']);
		sut.remove(['s1']);

		expect(sut.heldCount).toBe(1);
		expect(sut.releaseHeld()).toEqual(['s0']);
		expect(sut.releaseHeld()).toEqual([]);
	});

	it('gives the audit baseline the labelled audit picks alone', async () => {
		const sut = await pool();

		sut.record({ labels: [{ sampleId: 's0', classId: 'a', audit: true }, { sampleId: 's1', classId: 'b', audit: false }, { sampleId: 's2', classId: null, audit: true }] });

		expect(sut.auditPicks().map((e) => e.id)).toEqual(['s0']);
	});
});
