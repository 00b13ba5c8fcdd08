import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_SIDE } from '$lib/core/model/input-size';
import { ProjectSession } from '$lib/core/session/project-session';
import { DIGIT_CLASSES, digitExamples, digitSamples } from '../../helpers/digits';
import { change, disposeAfterEach } from '../../helpers/sessions';
import { useWasm } from '../../helpers/wasm';

const keep = disposeAfterEach();
const leftHalf = Uint8Array.from({ length: INPUT_SIDE * INPUT_SIDE }, (_, i) => (i % INPUT_SIDE < INPUT_SIDE / 2 ? 1 : 0));
/** A 6x6 top-left corner, where a watermark would be. */
const corner = Uint8Array.from({ length: INPUT_SIDE * INPUT_SIDE }, (_, i) => (i % INPUT_SIDE < 6 && i < 6 * INPUT_SIDE ? 1 : 0));

/** 60 labelled digits and 5 unlabelled ones, taught. */
async function openSession() {
	const sut = keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples: digitSamples(65, 60) }));
	await sut.trainer.learnAll(6, () => false);
	return sut;
}

describe('Explanations, and teaching through them', () => {
	/** For the tests that only ask: explaining changes nothing in a session. */
	let taught: ProjectSession;
	beforeAll(async () => {
		await useWasm();
		taught = await ProjectSession.open({ classIds: DIGIT_CLASSES, samples: digitSamples(65, 60) });
		await taught.trainer.learnAll(6, () => false);
	});
	afterAll(() => taught.dispose());

	it('explains the top suggestion with a map of the input’s size', async () => {
		const sut = taught;

		const map = await sut.explanations.explain('d60', 'vanilla-gradient');

		expect(map).toHaveLength(INPUT_SIDE * INPUT_SIDE);
		expect(Math.max(...map!)).toBeCloseTo(1);
		expect(await sut.explanations.explain('nobody', 'vanilla-gradient')).toBeNull();
	});

	it('learns a painted mask on an unlabelled sample without counting it as a label', async () => {
		const sut = await openSession();
		const [version, labelled] = [sut.version, sut.pool.labelled().length];

		await change(sut, 'd61', { mask: leftHalf });
		expect(sut.pool.hasLearnableMask('d61')).toBe(true);
		expect(await sut.trainer.quickStep('d61')).toBe(true);

		expect(sut.version).toBe(version + 1);
		expect(sut.pool.labelled()).toHaveLength(labelled);
		expect(sut.pool.unlabelledIds()).toContain('d61');
		await change(sut, 'd61', { mask: null });
		expect(sut.pool.hasLearnableMask('d61')).toBe(false); // taken back: nothing to learn
	});

	it('an "always ignore" region teaches every sample: maps move out of it', async () => {
		// Zeros and ones, every zero with a bright corner swatch: a shortcut the region rules out.
		const digits = digitExamples(200).filter((e) => e.label <= 1).slice(0, 44);
		const held = new Set(digits.filter((e) => e.label === 0).slice(-4).map((e) => e.id)); // zeros, swatch and all, left unlabelled
		const samples = digits.map((e) => {
			const input = e.input.slice();
			if (e.label === 0) for (let p = 0; p < input.length; p++) if (corner[p]) input[p] = 255;
			return { id: e.id, input, classId: held.has(e.id) ? undefined : String(e.label) };
		});
		const [plain, sut] = [keep(await ProjectSession.open({ classIds: ['0', '1'], samples })), keep(await ProjectSession.open({ classIds: ['0', '1'], samples }))];
		const share = async (s: ProjectSession) => {
			let inside = 0;
			for (const id of held) {
				const map = (await s.explanations.explain(id, 'vanilla-gradient'))!;
				inside += map.reduce((a, v, i) => a + v * corner[i]!, 0) / map.reduce((a, v) => a + v, 0);
			}
			return inside / 4;
		};

		sut.pool.record({ ignoreRegion: { mask: corner, learn: true } });
		expect(sut.pool.hasLearnableRegion()).toBe(true);
		await Promise.all([plain.trainer.learnAll(12, () => false), sut.trainer.learnAll(12, () => false)]);

		expect(await share(sut)).toBeLessThan((await share(plain)) / 2);
	});

	it('checks an explanation against random weights and random order, leaking no tensor', async () => {
		const sut = taught;
		await sut.explanations.trust('d62', 'vanilla-gradient'); // warm-up: kernels and caches
		const before = tf.memory().numTensors;

		const report = await sut.explanations.trust('d62', 'occlusion');

		expect(tf.memory().numTensors).toBe(before);
		expect(report!.method).toBe('occlusion');
		expect(report!.deletion.curve).toHaveLength(33);
		expect(report!.insertion.curve).toHaveLength(33);
		expect(Number.isFinite(report!.rankCorrelation)).toBe(true);
		expect(report!.deletionRatio).toBeCloseTo(report!.deletion.auc / report!.randomDeletion.auc, 5);
		// Blanking what occlusion marks first hurts the prediction more than blanking at random.
		expect(report!.deletionRatio).toBeLessThan(1);
	});

	it('finds a change that turns a digit into another class, as a picture', async () => {
		const sut = taught;
		const [top] = await sut.scorer.suggest(['d63']);
		const target = DIGIT_CLASSES.find((c) => c !== top!.ranked[0]!.classId)!;

		const found = await sut.explanations.counterfactual('d63', target);
		const [after] = await sut.scorer.suggest(['d63']);

		expect(found!.image).toHaveLength(INPUT_SIDE * INPUT_SIDE);
		expect(found!.reached).toBe(true);
		expect(found!.meanChange).toBeGreaterThan(0);
		expect(after!.ranked[0]!.classId).toBe(top!.ranked[0]!.classId); // the sample itself is unchanged
	});

	it('classifies a live input that is not a sample, with its map', async () => {
		const sut = taught;
		const [digit] = digitExamples(1, 100);

		const live = await sut.explanations.classify(digit!.input, true);

		expect(live!.ranked[0]!.classId).toBe(DIGIT_CLASSES[digit!.label]);
		expect(live!.saliency).toHaveLength(INPUT_SIDE * INPUT_SIDE);
	});
});
