import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFromFiles } from '$lib/core/data/model-files';
import { InputError } from '$lib/core/data/input-error';
import { explainerById } from '$lib/core/explain/registry';
import { Backbone } from '$lib/core/model/backbone';
import type { PixelRange } from '$lib/core/types';
import { TINY_SIDE, tinyGraphModel, tinyLayersClassifier, type ModelFiles } from '../../../fixtures/tiny-models';

async function load(files: ModelFiles, range: PixelRange = '0..1'): Promise<Backbone> {
	const parsed = await modelFromFiles([
		{ name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(files.json)).buffer as ArrayBuffer },
		{ name: files.weightsName, bytes: files.weights.slice().buffer }
	]);
	return Backbone.load(parsed.artifacts, parsed.format, range);
}

/** Dark horizontal stripes or dark vertical stripes on white, [1, 16, 16, 3], pixels 0..255. */
function stripes(direction: 'horizontal' | 'vertical'): tf.Tensor4D {
	const values = new Float32Array(TINY_SIDE * TINY_SIDE * 3);
	for (let y = 0; y < TINY_SIDE; y++)
		for (let x = 0; x < TINY_SIDE; x++) values.fill(((direction === 'horizontal' ? y : x) % 4 < 2 ? 20 : 240), (y * TINY_SIDE + x) * 3, (y * TINY_SIDE + x) * 3 + 3);
	return tf.tensor4d(values, [1, TINY_SIDE, TINY_SIDE, 3]);
}

describe('Backbone', () => {
	beforeAll(async () => {
		await tf.setBackend('cpu');
	});

	it('loads a graph model and says what it takes and gives', async () => {
		const sut = await load(tinyGraphModel());

		expect(sut.shape).toEqual({ inputSize: [TINY_SIDE, TINY_SIDE], channels: 3, width: 8 });
		sut.dispose();
	});

	it('gives features that tell different images apart, and leaks no tensor', async () => {
		const sut = await load(tinyGraphModel());
		const images = tf.tidy(() => tf.concat([stripes('horizontal'), stripes('vertical')]));
		const before = tf.memory().numTensors;

		const features = sut.features(images);
		const [a, b] = (await features.array()) as number[][];
		features.dispose();

		expect(tf.memory().numTensors).toBe(before);
		expect(a).toHaveLength(8);
		expect(a!.every(Number.isFinite)).toBe(true);
		expect(Math.max(...a!.map((x, i) => Math.abs(x - b![i]!)))).toBeGreaterThan(0.1);
		images.dispose();
		sut.dispose();
	});

	it('scales pixels to the range the model was trained on', async () => {
		const [unit, bytes] = [await load(tinyGraphModel(), '0..1'), await load(tinyGraphModel(), '0..255')];
		const image = stripes('horizontal');

		const [a, b] = [unit.features(image), bytes.features(image)];

		// The model is linear then ReLU, so features of pixels 255 times larger are 255 times larger.
		expect((await b.data())[1]! / (await a.data())[1]!).toBeCloseTo(255, 1);
		tf.dispose([a, b, image]);
		unit.dispose();
		bytes.dispose();
	});

	it('cuts a classifier before its softmax, keeping the features under it', async () => {
		const sut = await load(await tinyLayersClassifier());

		expect(sut.shape.width).toBe(8); // the pooled conv features, not the 5 class probabilities
		sut.dispose();
	});

	it('lets gradients through to the pixels, so saliency can explain a head on it', async () => {
		const sut = await load(tinyGraphModel());
		const head = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
		const image = stripes('vertical');

		const map = await explainerById('vanilla-gradient').explain((x) => head.apply(sut.features(x as tf.Tensor4D)) as tf.Tensor, image, 0);

		expect(map).toHaveLength(TINY_SIDE * TINY_SIDE * 3);
		expect(map.some((v) => v > 0)).toBe(true);
		image.dispose();
		head.dispose();
		sut.dispose();
	});

	it('refuses a model that does not take images, saying why', async () => {
		const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [10], units: 4 })] });
		const artifacts = await new Promise<tf.io.ModelArtifacts>((resolve) =>
			void dense.save(tf.io.withSaveHandler(async (a) => (resolve(a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })))
		);

		const attempt = Backbone.load({ modelTopology: artifacts.modelTopology, weightData: artifacts.weightData as ArrayBuffer, weightSpecs: artifacts.weightSpecs! }, 'layers', '0..1');

		await expect(attempt).rejects.toBeInstanceOf(InputError);
		await expect(attempt).rejects.toThrow(/image batch/);
		dense.dispose();
	});
});
