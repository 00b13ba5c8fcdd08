import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ProjectSession } from '$lib/core/session/project-session';
import { RESCORE_CHUNK } from '$lib/core/session/scorer';
import { DIGIT_CLASSES, digitSamples } from '../../helpers/digits';
import { disposeAfterEach } from '../../helpers/sessions';
import { useWasm } from '../../helpers/wasm';

const keep = disposeAfterEach();

/** 60 labelled digits and 5 unlabelled ones, taught. */
async function taught(): Promise<ProjectSession> {
	const sut = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples: digitSamples(65, 60) }));
	await sut.trainer.learnAll(6, () => false);
	return sut;
}

describe('Scorer', () => {
	beforeAll(useWasm);

	it('suggests the top three classes of every sample it can score, most probable first, with the version that made them', async () => {
		const sut = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples: digitSamples(30) }));

		const all = await sut.scorer.suggest();
		const some = await sut.scorer.suggest(['d3', 'nobody', 'd1']);

		expect(all).toHaveLength(30);
		expect(all[0]!.ranked).toHaveLength(3);
		expect(all[0]!.ranked[0]!.p).toBeGreaterThanOrEqual(all[0]!.ranked[1]!.p);
		expect(all[0]!.version).toBe(sut.version);
		expect(some.map((s) => s.sampleId)).toEqual(['d3', 'd1']);
	});

	it('scores a sample once per weights: the suggestions and the ranking share one forward pass, and new weights score again', async () => {
		const sut = await taught();
		const forward = vi.spyOn(sut.context.learner, 'predictAndEmbed');

		const [suggested] = await sut.scorer.suggest(['d61']);
		const [scored] = await sut.scorer.scoresOf(['d61']);
		const passesBefore = forward.mock.calls.length;
		await sut.trainer.learnAll(1, () => false);
		const [after] = await sut.scorer.scoresOf(['d61']);

		expect(passesBefore).toBe(1);
		expect(forward).toHaveBeenCalledTimes(2);
		expect(Math.max(...scored!.probs)).toBeCloseTo(suggested!.ranked[0]!.p, 6);
		expect(scored!.probs).toHaveLength(10);
		expect(Array.from(after!.probs)).not.toEqual(Array.from(scored!.probs));
	});

	it('after an act brings the pool up to the new weights a chunk at a time: what the page shows first, then the queue, then the rest', async () => {
		const rest = 30;
		const [shown, queued] = [[`d${RESCORE_CHUNK + 25}`, 'd5', `d${RESCORE_CHUNK + 5}`], [`d${RESCORE_CHUNK + 15}`, 'd5']];
		const sut = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples: digitSamples(RESCORE_CHUNK + rest, 20) }));
		await sut.scorer.suggest(); // every sample scored with the weights before the act
		await sut.trainer.quickStep('d0');
		sut.scorer.wanted = shown;
		const revision = sut.context.revision;

		const first = await sut.scorer.rescoreNext(queued);
		const second = await sut.scorer.rescoreNext();
		const third = await sut.scorer.rescoreNext();

		expect(first.map((s) => s.sampleId).slice(0, 4)).toEqual([...shown, queued[0]]);
		expect(first).toHaveLength(RESCORE_CHUNK);
		expect(first.every((s) => s.version === sut.version)).toBe(true);
		expect(second).toHaveLength(rest);
		expect(new Set([...first, ...second].map((s) => s.sampleId)).size).toBe(RESCORE_CHUNK + rest);
		expect(third).toEqual([]);
		expect(sut.scorer.freshCount()).toBe(RESCORE_CHUNK + rest);
		expect(sut.context.revision).toBe(revision);
	});

	it('after another act the background sweep goes on from where it stopped, not from the start, and counts what is fresh as it goes', async () => {
		const sut = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples: digitSamples(3 * RESCORE_CHUNK, 20) }));
		await sut.scorer.suggest();
		await sut.trainer.quickStep('d0');
		const firstLap = await sut.scorer.rescoreNext();
		await sut.trainer.quickStep('d1'); // the human acts again before the sweep is done

		const afterAct = await sut.scorer.rescoreNext();
		const freshThen = sut.scorer.freshCount();
		const rest = [await sut.scorer.rescoreNext(), await sut.scorer.rescoreNext()];

		expect(firstLap[0]!.sampleId).toBe('d0');
		expect(afterAct[0]!.sampleId).toBe(`d${RESCORE_CHUNK}`);
		expect(freshThen).toBe(RESCORE_CHUNK);
		expect(rest.map((chunk) => chunk[0]!.sampleId)).toEqual([`d${2 * RESCORE_CHUNK}`, 'd0']); // the next lap comes round to the start
		expect(sut.scorer.freshCount()).toBe(3 * RESCORE_CHUNK);
		expect(await sut.scorer.rescoreNext()).toEqual([]);
	});

	it('keeps a stale suggestion, marked with the version that made it, until the sample is scored again', async () => {
		const sut = await taught();
		const [before] = await sut.scorer.suggest(['d62']);
		sut.lineage.checkpoint();
		await sut.trainer.quickStep('d0');

		const [cached] = await sut.scorer.cachedScoresOf(['d62']);
		const [latest] = await sut.scorer.latestScoresOf(['d62']);
		const [fresh] = await sut.scorer.suggest(['d62']);

		expect(before!.version).toBe(sut.version - 1);
		expect(Array.from(cached!.probs)).toEqual(Array.from(latest!.probs));
		expect(latest!.fresh).toBe(false);
		expect(fresh!.version).toBe(sut.version);
		expect(sut.scorer.stale(['d62', 'd63'])).toEqual(['d63']);
	});

	it('finds the labelled samples most alike, mostly of the same digit', async () => {
		const sut = await taught();
		const truth = new Map(digitSamples(65).map((s) => [s.id, s.digit]));
		let same = 0;

		for (const id of ['d60', 'd61', 'd62', 'd63', 'd64']) {
			const found = await sut.scorer.neighbours(id, 3);
			expect(found).toHaveLength(3);
			expect(found.every((n) => n.classId === truth.get(n.sampleId) && n.sampleId !== id)).toBe(true); // labelled ones, with their labels
			same += found.filter((n) => n.classId === truth.get(id)).length;
		}

		expect(same).toBeGreaterThanOrEqual(9); // of 15: chance is 1 in 10
	});

	it('suggests nothing until there are two classes, and leaks no tensor while scoring', async () => {
		const one = keep(await ProjectSession.open({ classIds: ['only'], samples: digitSamples(5, 0) }));
		const sut = await taught();
		await sut.scorer.suggest();
		const before = tf.memory().numTensors;

		await sut.trainer.learnAll(1, () => false);
		const after = tf.memory().numTensors;
		await sut.scorer.suggest();
		await sut.scorer.neighbours('d60', 3);

		expect(await one.scorer.suggest()).toEqual([]);
		expect(tf.memory().numTensors).toBe(after);
		expect(after).toBe(before);
	});
});
