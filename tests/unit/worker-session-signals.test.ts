import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmConv2DBackpropFilter } from '$lib/core/backend/wasm-conv2d-backprop-filter';
import { ProjectSession } from '$lib/worker/session';
import { digitExamples } from './helpers/digits';

const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

describe('ProjectSession: ratings and implicit signals', () => {
	beforeAll(async () => {
		registerWasmConv2DBackpropFilter();
		await tf.setBackend('wasm');
	});

	it('a thumbs-down on the top class teaches against it (compared with a thumbs-up from the same start), never counting as a label', async () => {
		const digits = digitExamples(40);
		const target = digits[35]!;
		/** The same session twice over (seeded), then taught one rating on the target's top class. */
		const rated = async (sign: 'positive' | 'negative') => {
			const sut = await ProjectSession.open(CLASSES, digits.map((e, i) => ({ id: e.id, input: e.input, ...(i < 30 ? { classId: CLASSES[e.label] } : {}) })));
			await sut.learnAll(2, () => false);
			const top = (await sut.suggest([target.id]))[0]!.ranked[0]!.classId;
			const tensors = tf.memory().numTensors;
			expect(sut.setSignal(target.id, { positive: {}, negative: {}, [sign]: { [top]: 0.5 }, at: 1 })).toBe(true);
			for (let i = 0; i < 3; i++) await sut.learnOne(target.id);
			const p = (await sut.describe([target.id]))[0]!.probs[CLASSES.indexOf(top)]!;
			expect(sut.labelledExamples().some((e) => e.id === target.id)).toBe(false);
			expect(sut.unlabelledIds()).toContain(target.id);
			expect(tf.memory().numTensors).toBe(tensors); // no leak: the optimiser state already existed
			sut.dispose();
			return { top, p };
		};

		const down = await rated('negative');
		const up = await rated('positive');

		expect(down.top).toBe(up.top);
		expect(down.p).toBeLessThan(up.p - 0.05);
	});

	it('a human label wins: a signal on a labelled sample has nothing to teach', async () => {
		const [one] = digitExamples(1);
		const sut = await ProjectSession.open(CLASSES, [{ id: one!.id, input: one!.input, classId: CLASSES[one!.label] }]);

		expect(sut.setSignal(one!.id, { positive: { [CLASSES[(one!.label + 1) % 10]!]: 0.1 }, negative: {}, at: 1 })).toBe(false);
		sut.dispose();
	});
});
