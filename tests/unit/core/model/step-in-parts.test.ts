import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildImageCnn } from '$lib/core/model/image-cnn';
import { stepInParts, STEP_PART } from '$lib/core/model/step-in-parts';
import { trainStep } from '$lib/core/model/train-step';
import { useWasm } from '../../helpers/wasm';

const SIZE = 3 * STEP_PART + 2; // four parts, the last a short one

function batch(seed: number) {
	const xs = tf.randomUniform([SIZE, 32, 32, 1], 0, 1, 'float32', seed);
	const ys = tf.tidy(() => tf.oneHot(tf.randomUniform([SIZE], 0, 3, 'int32', seed + 1), 3));
	// A mask on two examples, so the explanation penalty is summed over the parts too.
	const masks = tf.tidy(() => tf.concat([tf.ones([2, 32, 32, 1]), tf.zeros([SIZE - 2, 32, 32, 1])]));
	return { xs, ys, masks };
}

async function weightsOf(model: tf.LayersModel): Promise<Float32Array[]> {
	return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

/** The part of the batch from..to, as new tensors (the step disposes them). */
function partOf({ xs, ys, masks }: ReturnType<typeof batch>, from: number, to: number) {
	return { xs: xs.slice(from, to - from), ys: ys.slice(from, to - from), penalty: { masks: masks.slice(from, to - from), weight: 10 } };
}

async function drain(steps: AsyncGenerator<void, number>): Promise<{ pauses: number; loss: number }> {
	let pauses = 0;
	for (let next = await steps.next(); ; next = await steps.next()) {
		if (next.done) return { pauses, loss: next.value };
		pauses++;
	}
}

describe('stepInParts', () => {
	beforeAll(useWasm);

	it('takes the step the whole batch takes, pausing between its parts', async () => {
		const start = tf.memory().numTensors;
		const data = batch(3);
		const [whole, parted] = [buildImageCnn({ height: 32, width: 32, channels: 1, classes: 3 }), buildImageCnn({ height: 32, width: 32, channels: 1, classes: 3 })];
		const [adamWhole, adamParted] = [tf.train.adam(0.01), tf.train.adam(0.01)];

		const expectedLoss = await trainStep(whole, adamWhole, data.xs, data.ys, { masks: data.masks, weight: 10 });
		const { pauses, loss } = await drain(stepInParts(parted, adamParted, SIZE, (from, to) => partOf(data, from, to), () => false));

		expect(pauses).toBe(3);
		expect(loss).toBeCloseTo(expectedLoss, 4);
		const [expected, actual] = [await weightsOf(whole), await weightsOf(parted)];
		const fresh = buildImageCnn({ height: 32, width: 32, channels: 1, classes: 3 });
		const initial = await weightsOf(fresh);
		expect(actual[0]!.some((v, i) => v !== initial[0]![i])).toBe(true); // it did move
		actual.forEach((w, k) => w.forEach((v, i) => expect(v).toBeCloseTo(expected[k]![i]!, 4)));
		tf.dispose([data.xs, data.ys, data.masks]);
		[whole, parted, fresh].forEach((m) => m.dispose());
		[adamWhole, adamParted].forEach((o) => o.dispose());
		expect(tf.memory().numTensors).toBe(start);
	});

	it('changes nothing and leaves no tensor behind when stopped between parts, or when the weights moved meanwhile', async () => {
		const data = batch(5);
		const model = buildImageCnn({ height: 32, width: 32, channels: 1, classes: 3 });
		const adam = tf.train.adam(0.01);
		const initial = await weightsOf(model);
		const before = tf.memory().numTensors;

		const stopped = stepInParts(model, adam, SIZE, (from, to) => partOf(data, from, to), () => false);
		await stopped.next();
		await stopped.next();
		await stopped.return(NaN);
		const moved = await drain(stepInParts(model, adam, SIZE, (from, to) => partOf(data, from, to), () => true));

		expect(moved.loss).toBeNaN();
		expect(tf.memory().numTensors).toBe(before);
		const after = await weightsOf(model);
		after.forEach((w, k) => expect(Array.from(w)).toEqual(Array.from(initial[k]!)));
		tf.dispose([data.xs, data.ys, data.masks]);
		model.dispose();
		adam.dispose();
	});
});
