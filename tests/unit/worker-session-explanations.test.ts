import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmConv2DBackpropFilter } from '$lib/core/backend/wasm-conv2d-backprop-filter';
import { INPUT_SIDE } from '$lib/core/model/input-size';
import { ProjectSession } from '$lib/worker/session';
import { digitExamples } from './helpers/digits';

const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const leftHalf = Uint8Array.from({ length: INPUT_SIDE * INPUT_SIDE }, (_, i) => (i % INPUT_SIDE < INPUT_SIDE / 2 ? 1 : 0));
/** A 6x6 top-left corner, where a watermark would be. */
const corner = Uint8Array.from({ length: INPUT_SIDE * INPUT_SIDE }, (_, i) => (i % INPUT_SIDE < 6 && i < 6 * INPUT_SIDE ? 1 : 0));

/** 60 labelled digits and 5 unlabelled ones. */
async function openSession() {
	const samples = digitExamples(65).map((e, i) => ({ id: e.id, input: e.input, classId: i < 60 ? CLASSES[e.label] : undefined }));
	const sut = await ProjectSession.open(CLASSES, samples);
	await sut.learnAll(6, () => false);
	return sut;
}

describe('a session taught through explanations', () => {
	beforeAll(async () => {
		registerWasmConv2DBackpropFilter();
		await tf.setBackend('wasm');
	});

	it('learns a painted mask on an unlabelled sample without counting it as a label', async () => {
		const sut = await openSession();
		const [version, labelled] = [sut.version, sut.labelledExamples().length];

		expect(sut.setMask('d61', leftHalf)).toBe(true);
		expect(await sut.learnQuick('d61')).toBe(true);

		expect(sut.version).toBe(version + 1);
		expect(sut.labelledExamples()).toHaveLength(labelled);
		expect(sut.unlabelledIds()).toContain('d61');
		expect(sut.setMask('d61', null)).toBe(false); // taken back: nothing to learn
		sut.dispose();
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
		const [plain, sut] = [await ProjectSession.open(['0', '1'], samples), await ProjectSession.open(['0', '1'], samples)];
		const share = async (s: ProjectSession) => {
			let inside = 0;
			for (const id of held) {
				const map = (await s.explain(id, 'vanilla-gradient'))!;
				inside += map.reduce((a, v, i) => a + v * corner[i]!, 0) / map.reduce((a, v) => a + v, 0);
			}
			return inside / 4;
		};

		expect(sut.setIgnoreRegion(corner)).toBe(true);
		await Promise.all([plain.learnAll(12, () => false), sut.learnAll(12, () => false)]);

		expect(await share(sut)).toBeLessThan((await share(plain)) / 2);
		plain.dispose();
		sut.dispose();
	});

	it('finds the labelled samples most alike, mostly of the same digit', async () => {
		const sut = await openSession();
		const truth = new Map(digitExamples(65).map((e) => [e.id, CLASSES[e.label]]));
		let same = 0;

		for (const id of ['d60', 'd61', 'd62', 'd63', 'd64']) {
			const found = await sut.neighbours(id, 3);
			expect(found).toHaveLength(3);
			expect(found.every((n) => n.classId === truth.get(n.sampleId) && n.sampleId !== id)).toBe(true); // labelled ones, with their labels
			same += found.filter((n) => n.classId === truth.get(id)).length;
		}

		expect(same).toBeGreaterThanOrEqual(9); // of 15: chance is 1 in 10
		sut.dispose();
	});

	it('checks an explanation against random weights and random order, leaking no tensor', async () => {
		const sut = await openSession();
		await sut.trust('d62', 'vanilla-gradient'); // warm-up: kernels and caches
		const before = tf.memory().numTensors;

		const report = await sut.trust('d62', 'occlusion');

		expect(tf.memory().numTensors).toBe(before);
		expect(report!.method).toBe('occlusion');
		expect(report!.deletion.curve).toHaveLength(33);
		expect(report!.insertion.curve).toHaveLength(33);
		expect(Number.isFinite(report!.rankCorrelation)).toBe(true);
		expect(report!.deletionRatio).toBeCloseTo(report!.deletion.auc / report!.randomDeletion.auc, 5);
		// Blanking what occlusion marks first hurts the prediction more than blanking at random.
		expect(report!.deletionRatio).toBeLessThan(1);
		sut.dispose();
	});

	it('finds a change that turns a digit into another class, as a picture', async () => {
		const sut = await openSession();
		const [top] = await sut.suggest(['d63']);
		const target = CLASSES.find((c) => c !== top!.ranked[0]!.classId)!;

		const found = await sut.counterfactual('d63', target);
		const [after] = await sut.suggest(['d63']);

		expect(found!.image).toHaveLength(INPUT_SIDE * INPUT_SIDE);
		expect(found!.reached).toBe(true);
		expect(found!.meanChange).toBeGreaterThan(0);
		expect(after!.ranked[0]!.classId).toBe(top!.ranked[0]!.classId); // the sample itself is unchanged
		sut.dispose();
	});
});
