import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildImageCnn } from '$lib/core/model/image-cnn';
import { fromArtifacts, toArtifacts } from '$lib/core/model/artifacts';
import { listModelVersions, loadModelWeights, saveModelVersion } from '$lib/storage/models';
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
