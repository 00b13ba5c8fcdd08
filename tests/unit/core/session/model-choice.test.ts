import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectSession } from '$lib/core/session/project-session';
import { pixelsWin } from '$lib/core/session/model-choice-rule';
import type { SessionSample } from '$lib/core/session/types';
import { change, disposeAfterEach } from '../../helpers/sessions';
import { counting, SIDE, stripes, tinyBackbone } from '../../helpers/tiny-backbone';
import { useFreshDb } from '../../helpers/fresh-db';
import { useWasm } from '../../helpers/wasm';

/** A 32x32 ink picture: a block of ink in the left or the right half, a little higher or lower by `phase`. */
function ink(side: 'left' | 'right', phase: number): Uint8Array {
	const image = new Uint8Array(32 * 32);
	for (let y = 4 + phase; y < 20 + phase; y++) for (let x = side === 'left' ? 2 : 18; x < (side === 'left' ? 14 : 30); x++) image[y * 32 + x] = 255;
	return image;
}

/** One grey "file" for every sample: the extractor sees nothing that tells them apart. */
const grey = () => new Blob([new Float32Array(SIDE * SIDE * 3).fill(128).buffer]);

/** Twelve samples, six of each class, each with its ink and its file; `tellsApart` says which of the two holds the class. */
function samples(tellsApart: 'pixels' | 'features'): SessionSample[] {
	return [0, 1, 2, 3, 4, 5].flatMap((phase) => [
		{ id: `a${phase}`, input: tellsApart === 'pixels' ? ink('left', phase) : new Uint8Array(32 * 32), blob: tellsApart === 'pixels' ? grey() : stripes('h', phase) },
		{ id: `b${phase}`, input: tellsApart === 'pixels' ? ink('right', phase) : new Uint8Array(32 * 32), blob: tellsApart === 'pixels' ? grey() : stripes('v', phase) }
	]);
}

const keep = disposeAfterEach();

async function labelledSession(tellsApart: 'pixels' | 'features', measureModel: boolean): Promise<ProjectSession> {
	const sut = keep(await ProjectSession.open({ classIds: ['a', 'b'], samples: samples(tellsApart), backbone: await tinyBackbone(counting().decode), measureModel }));
	for (const s of samples(tellsApart)) await change(sut, s.id, { classId: s.id[0]! });
	await sut.trainer.practise(() => false); // solves the head on the labels, as after an act
	return sut;
}

describe('model choice by measurement', () => {
	useFreshDb();
	beforeAll(useWasm); // the CNN's cross-validation takes 1,800 steps: minutes on the cpu backend

	it('moves a project to the small CNN when only the pixels tell its classes apart, and then suggests from them', async () => {
		const sut = await labelledSession('pixels', true);
		expect(sut.trainer.modelChoice.due).toBe(true);
		const before = sut.version;

		const outcome = await sut.trainer.refit(() => false);

		expect(outcome.modelChoice?.chose).toBe('pixels');
		expect(outcome.modelChoice!.pixels.right).toBeGreaterThanOrEqual(outcome.modelChoice!.backbone.right + 2);
		expect(outcome.replaced).toBe(true);
		expect(sut.context.features).toBeUndefined();
		expect(sut.context.architecture.id).toBe('image-cnn');
		expect(sut.version).toBe(before + 1);
		expect(sut.modelInForce.choice?.chose).toBe('pixels');
		const suggestions = await sut.scorer.suggest(sut.pool.ids());
		expect(suggestions.filter((s) => s.ranked[0]!.classId === s.sampleId[0]).length).toBeGreaterThanOrEqual(11);
		expect(sut.trainer.modelChoice.due).toBe(false); // no extractor left to check
	}, 120_000);

	it('keeps the backbone when its features tell the classes apart and the pixels do not, and frees what the check made', async () => {
		const sut = await labelledSession('features', true);
		const tensors = tf.memory().numTensors;

		const outcome = await sut.trainer.refit(() => false);

		expect(outcome.modelChoice?.chose).toBe('backbone');
		expect(outcome.replaced).toBe(false);
		expect(outcome.modelChoice!.backbone.right).toBe(12);
		expect(sut.context.features).toBeDefined();
		expect(sut.trainer.modelChoice.due).toBe(false); // the next check waits for more labels
		expect(tf.memory().numTensors).toBe(tensors);
	}, 120_000);

	it('never checks a project whose model the human chose', async () => {
		const sut = await labelledSession('pixels', false);

		expect(sut.trainer.modelChoice.due).toBe(false);
		expect((await sut.trainer.refit(() => false)).modelChoice).toBeUndefined();
		expect(sut.context.features).toBeDefined();
	}, 60_000);

	it('moves only on a clear lead in held-out labels: 2, and 5% of them', () => {
		const check = (labels: number, head: number, cnn: number) => pixelsWin({ labels, backbone: { name: 'head', right: head, loss: 1 }, pixels: { name: 'cnn', right: cnn, loss: 9 } });
		expect(check(20, 4, 7)).toBe(true);
		expect(check(20, 4, 5)).toBe(false);
		expect(check(100, 40, 44)).toBe(false);
		expect(check(100, 40, 45)).toBe(true);
	});
});
