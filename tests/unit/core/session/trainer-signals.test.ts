import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectSession } from '$lib/core/session/project-session';
import { DIGIT_CLASSES, digitSamples } from '../../helpers/digits';
import { disposeAfterEach } from '../../helpers/sessions';
import { useWasm } from '../../helpers/wasm';

const keep = disposeAfterEach();

describe('Trainer: ratings and implicit signals', () => {
	beforeAll(useWasm);

	it('a thumbs-down on the top class teaches against it (compared with a thumbs-up from the same start), never counting as a label', async () => {
		const samples = digitSamples(40, 30);
		const target = samples[35]!;
		/** The same session twice over (seeded), then taught one rating on the target's top class. */
		const rated = async (sign: 'positive' | 'negative') => {
			const sut = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples }));
			await sut.trainer.learnAll(2, () => false);
			const top = (await sut.scorer.suggest([target.id]))[0]!.ranked[0]!.classId;
			const tensors = tf.memory().numTensors;
			sut.pool.record({ signals: [{ sampleId: target.id, target: { positive: {}, negative: {}, [sign]: { [top]: 0.5 }, at: 1 }, learn: true }] });
			expect(sut.pool.hasLearnableSignal(target.id)).toBe(true);
			for (let i = 0; i < 3; i++) (await sut.trainer.quickStep(target.id), await sut.trainer.refine([target.id], () => false));
			const p = (await sut.scorer.scoresOf([target.id]))[0]!.probs[DIGIT_CLASSES.indexOf(top)]!;
			expect(sut.pool.labelled().some((e) => e.id === target.id)).toBe(false);
			expect(sut.pool.unlabelledIds()).toContain(target.id);
			expect(tf.memory().numTensors).toBe(tensors); // no leak: the optimiser state already existed
			return { top, p };
		};

		const down = await rated('negative');
		const up = await rated('positive');

		expect(down.top).toBe(up.top);
		expect(down.p).toBeLessThan(up.p - 0.05);
	});

	it('a human label wins: a signal on a labelled sample has nothing to teach', async () => {
		const [one] = digitSamples(1);
		const sut = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples: [one!] }));

		sut.pool.record({ signals: [{ sampleId: one!.id, target: { positive: { [DIGIT_CLASSES[(Number(one!.digit) + 1) % 10]!]: 0.1 }, negative: {}, at: 1 }, learn: true }] });

		expect(sut.pool.hasLearnableSignal(one!.id)).toBe(false);
	});
});
