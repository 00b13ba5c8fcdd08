import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tabularMlp } from '$lib/core/model/architecture';
import { ProjectSession } from '$lib/core/session/project-session';
import { DIGIT_CLASSES, digitSamples } from '../../helpers/digits';
import { disposeAfterEach } from '../../helpers/sessions';
import { useWasm } from '../../helpers/wasm';

const keep = disposeAfterEach();

describe('ProjectSession', () => {
	beforeAll(useWasm);

	it('reopens a saved model in its own class order and follows the classes changed since', async () => {
		const samples = digitSamples(20, 0);
		const first = keep(await ProjectSession.open({ classIds: ['a', 'b', 'c'], samples }));
		const [before] = await first.scorer.suggest([samples[0]!.id]);
		const saved = { artifacts: await first.lineage.save(), version: 7, classIds: [...first.context.classIds] };

		const sut = keep(await ProjectSession.open({ classIds: ['a', 'c'], samples, model: saved })); // "b" was deleted meanwhile
		const [after] = await sut.scorer.suggest([samples[0]!.id]);

		const p = (s: typeof before, id: string) => s!.ranked.find((r) => r.classId === id)!.p;
		expect(sut.version).toBe(7);
		expect(p(after, 'a') / p(after, 'c')).toBeCloseTo(p(before, 'a') / p(before, 'c'), 4);
	});

	it('starts afresh when the saved model is another kind of network (the project changed kind since it was saved)', async () => {
		const cnn = keep(await ProjectSession.open({ classIds: [], samples: [] }));
		const saved = { artifacts: await cnn.lineage.save(), version: 3, classIds: [] };
		const rows = [0, 1, 2, 3].map((i) => ({ id: `r${i}`, input: Float32Array.of(i % 2, 1 - (i % 2)), classId: i % 2 ? 'b' : 'a' }));

		const sut = keep(await ProjectSession.open({ classIds: ['a', 'b'], samples: rows, model: saved, architecture: tabularMlp(2) }));
		await sut.trainer.learnAll(1, () => false);

		expect(sut.version).toBe(1); // the saved version's number went with its weights
		expect(await sut.scorer.suggest()).toHaveLength(4);
	});

	it('records a sync in order: the classes first, then the samples as they are now (new ones, and changed labels), then signals', async () => {
		const sut = keep(await ProjectSession.open({ classIds: ['0', '1'], samples: digitSamples(4, 0) }));
		const [d0, , , , d4] = digitSamples(5, 0);
		const target = { positive: { '4': 0.5 }, negative: {}, at: 30 };

		const news = await sut.record({
			classIds: ['0', '1', '4'],
			changed: [{ ...d4!, classId: '4', updatedAt: 20 }, { ...d0!, classId: '1', updatedAt: 10 }],
			signals: [{ sampleId: 'd2', target, learn: true }]
		});

		expect(sut.context.classIds).toEqual(['0', '1', '4']);
		expect(news).toMatchObject({ labels: [{ sampleId: 'd4', classId: '4' }, { sampleId: 'd0', classId: '1' }], added: ['d4'], through: 30 });
		expect(sut.pool.isLabelled('d4')).toBe(true); // its class arrived in the same sync, first
		expect(sut.pool.hasLearnableSignal('d2')).toBe(true);
		expect((await sut.scorer.suggest()).map((s) => s.sampleId)).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
	});

	it('compares two versions on the labelled set: each one’s accuracy, and exactly the samples where their top classes differ', async () => {
		const sut = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples: digitSamples(60) }));
		const stored = async () => ({ artifacts: await sut.lineage.save(), version: sut.version, classIds: [...sut.context.classIds] });
		const untrained = await stored();
		await sut.trainer.learnAll(4, () => false);
		const trained = await stored();
		const tensors = tf.memory().numTensors;

		const result = await sut.compare(untrained, trained);
		const same = await sut.compare(trained, trained);

		expect(result.labelled).toBe(60);
		expect(result.b.accuracy).toBeGreaterThan(result.a.accuracy);
		expect(result.differences.length).toBeGreaterThan(0);
		for (const d of result.differences) expect(d.a.classId).not.toBe(d.b.classId);
		expect(same.differences).toEqual([]);
		expect(tf.memory().numTensors).toBe(tensors);
	});

	it('frees every tensor of its parts when closed', async () => {
		const before = tf.memory().numTensors;
		const samples = digitSamples(30, 20).map((s, i) => ({ ...s, audit: i < 5 }));
		const sut = await ProjectSession.open({ classIds: DIGIT_CLASSES, samples });
		sut.lineage.checkpoint();
		await sut.trainer.learnAll(1, () => false);
		expect(await sut.baseline.learnNext(() => false)).toBe(true);

		sut.dispose();

		expect(tf.memory().numTensors).toBe(before);
	});
});
