import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendFallback as Sut, CancelledError } from '$lib/core/backend/fallback';
import { buildImageCnn } from '$lib/core/model/image-cnn';
import { fromArtifacts, toArtifacts } from '$lib/core/model/artifacts';
import { trainStep } from '$lib/core/model/train-step';
import type { ModelArtifactsData } from '$lib/core/types';
import { cpuKernel, registerSimulatedBackend } from '../../helpers/simulated-backend';

/** A pending update: start from saved weights, take a few steps, return the new weights. */
async function update(start: ModelArtifactsData, onStep: () => void): Promise<Float32Array> {
	const model = await fromArtifacts(start);
	const optimizer = tf.train.sgd(0.05);
	const xs = tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 5);
	const ys = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2));
	try {
		for (let i = 0; i < 3; i++) {
			onStep();
			await trainStep(model, optimizer, xs, ys);
		}
		return new Float32Array((await toArtifacts(model)).weightData);
	} finally {
		tf.dispose([xs, ys]);
		optimizer.dispose();
		model.dispose();
	}
}

describe('BackendFallback', () => {
	it('drops a backend that throws mid-training and completes the same update on the next one', async () => {
		let convCalls = 0;
		registerSimulatedBackend('dying-gpu', {
			Conv2D: (args) => {
				if (++convCalls > 2) throw new Error('GPU device lost');
				return cpuKernel('Conv2D')(args);
			}
		});
		await tf.setBackend('cpu');
		const initial = buildImageCnn({ height: 8, width: 8, channels: 1, classes: 2 });
		const start = await toArtifacts(initial);
		initial.dispose();
		const expected = await update(start, () => {});
		await tf.setBackend('dying-gpu');
		const sut = new Sut('webgpu', ['webgpu', 'cpu'], (name) => tf.setBackend(name === 'cpu' ? 'cpu' : 'dying-gpu'));
		const before = tf.memory().numTensors;

		const weights = await sut.run(() => update(start, () => {}));

		expect(sut.current).toBe('cpu');
		expect(sut.drops).toEqual([{ from: 'webgpu', to: 'cpu', reason: 'GPU device lost' }]);
		expect(Array.from(weights)).toEqual(Array.from(expected));
		expect(tf.memory().numTensors).toBe(before);
	});

	it('does not drop the backend when the user cancels', async () => {
		await tf.setBackend('cpu');
		const sut = new Sut('cpu', ['cpu', 'wasm'], async () => true);

		await expect(sut.run(async () => { throw new CancelledError(); })).rejects.toBeInstanceOf(CancelledError);
		expect(sut.current).toBe('cpu');
		expect(sut.drops).toEqual([]);
	});

	it('rethrows when no backend is left', async () => {
		const sut = new Sut('cpu', ['cpu'], async () => true);

		await expect(sut.run(async () => { throw new Error('out of memory'); })).rejects.toThrow('out of memory');
	});
});
