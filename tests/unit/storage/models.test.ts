import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildImageCnn } from '$lib/core/model/image-cnn';
import { fromArtifacts, toArtifacts } from '$lib/core/model/artifacts';
import { db } from '$lib/storage/db';
import { recentEvents } from '$lib/storage/events';
import {
	keepModelVersion, latestModel, listKeptVersions, listModelVersions, loadModelWeights, recordRollback, saveCurrentModel, saveModelVersion
} from '$lib/storage/models';
import type { KeptModel } from '$lib/core/session/types';
import { createProject } from '$lib/storage/projects';
import { useFreshDb } from '../helpers/fresh-db';

describe('model versions in the app database', () => {
	useFreshDb();

	it('round-trips a model through IndexedDB with identical predictions and no leaked tensors', async () => {
		await tf.setBackend('cpu');
		const before = tf.memory().numTensors;
		const model = buildImageCnn({ height: 8, width: 8, channels: 1, classes: 3 });
		const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 9);
		const expected = model.predict(x) as tf.Tensor;
		await saveModelVersion({ id: 'v1', projectId: 'p', version: 1, createdAt: 1, backend: 'cpu' }, await toArtifacts(model));

		const sut = await fromArtifacts((await loadModelWeights('v1'))!);
		const actual = sut.predict(x) as tf.Tensor;

		expect(Array.from(await actual.data())).toEqual(Array.from(await expected.data()));
		expect(await listModelVersions('p')).toMatchObject([{ id: 'v1', version: 1 }]);
		tf.dispose([x, expected, actual]);
		model.dispose();
		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});

const fakeArtifacts = () => ({ modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(8) });
const kept = (version: number, accuracy?: number): KeptModel => ({ artifacts: fakeArtifacts(), version, classIds: ['a', 'b'], backend: 'cpu', learnedThrough: 0, heldOut: 12, accuracy });

describe('kept model versions', () => {
	useFreshDb();

	it('keeps a version with its weights and logs the snapshot, together', async () => {
		const { id } = await createProject('Models', 'image');

		const sut = await keepModelVersion(id, kept(3, 0.75), 'manual', 500);

		expect(sut).toMatchObject({ id: `${id}:v3`, projectId: id, version: 3, trigger: 'manual', accuracy: 0.75, heldOut: 12, createdAt: 500 });
		expect(await db().models.get(`${id}:v3`)).toEqual(sut);
		expect((await loadModelWeights(`${id}:v3`))?.weightData.byteLength).toBe(8);
		expect((await recentEvents(id))[0]).toMatchObject({ type: 'model.snapshot', version: 3, trigger: 'manual', accuracy: 0.75, heldOut: 12, at: 500 });
	});

	it('keeps nothing when the snapshot cannot be logged', async () => {
		const { id } = await createProject('Models', 'image');
		db().events.hook('creating', () => {
			throw new Error('disk full');
		});

		await expect(keepModelVersion(id, kept(1), 'auto')).rejects.toThrow('disk full');

		expect(await db().models.count()).toBe(0);
		expect(await db().modelWeights.count()).toBe(0);
	});

	it('lists kept versions newest first, without the live weights', async () => {
		const { id } = await createProject('Models', 'image');
		await keepModelVersion(id, kept(2), 'auto');
		await saveCurrentModel(id, 9, 'cpu', fakeArtifacts(), 1, ['a', 'b']);
		await keepModelVersion(id, kept(5), 'manual');

		const sut = await listKeptVersions(id);

		expect(sut.map((v) => v.version)).toEqual([5, 2]);
	});

	it('opens the live weights even when a kept version has a higher number (after a rollback)', async () => {
		const { id } = await createProject('Models', 'image');
		await keepModelVersion(id, kept(7), 'manual');
		await saveCurrentModel(id, 4, 'cpu', fakeArtifacts(), 1, ['a', 'b']);

		const sut = await latestModel(id);

		expect(sut?.meta).toMatchObject({ id: `${id}:current`, version: 4 });
	});

	it('falls back to the newest kept version when there are no live weights', async () => {
		const { id } = await createProject('Models', 'image');
		await keepModelVersion(id, kept(2), 'auto');
		await keepModelVersion(id, kept(6), 'auto');

		expect((await latestModel(id))?.meta.version).toBe(6);
	});

	it('logs a rollback with from and to', async () => {
		const { id } = await createProject('Models', 'image');

		await recordRollback(id, 7, 4);

		expect((await recentEvents(id))[0]).toMatchObject({ type: 'model.rollback', from: 7, to: 4 });
	});

	it('logs each change of the live model’s version as it is saved, and nothing when the version is the same', async () => {
		const { id } = await createProject('Models', 'image');
		const weights = { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(8) };

		await saveCurrentModel(id, 3, 'cpu', weights, 1, ['a', 'b']);
		await saveCurrentModel(id, 5, 'cpu', weights, 2, ['a', 'b']);
		await saveCurrentModel(id, 5, 'cpu', weights, 3, ['a', 'b']);

		const updates = (await recentEvents(id)).filter((e) => e.type === 'model.update');
		expect(updates).toMatchObject([{ type: 'model.update', from: 3, to: 5 }]);
	});
});
