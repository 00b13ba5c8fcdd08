// A tiny imported extractor for session tests (tests/fixtures/tiny-models), and the test "files" it reads.
import * as tf from '@tensorflow/tfjs';
import { modelFromFiles } from '$lib/core/data/model-files';
import type { PixelDecoder, SessionBackbone } from '$lib/core/session/project-session';
import type { BackboneSpec } from '$lib/core/types';
import { TINY_SIDE, tinyGraphModel } from '../../fixtures/tiny-models';

export const SIDE = TINY_SIDE;

/** Stand-in for the worker's image decoding: these test "files" hold raw RGB floats at the model's size. */
export function counting(): { decode: PixelDecoder; calls: () => number } {
	let calls = 0;
	const decode: PixelDecoder = async (source) => {
		calls++;
		const values = new Float32Array(await (source as Blob).arrayBuffer());
		return tf.tensor4d(values, [1, SIDE, SIDE, 3]);
	};
	return { decode, calls: () => calls };
}

/** Dark stripes on white, one way or the other, shifted by `phase`. */
export function stripes(direction: 'h' | 'v', phase: number): Blob {
	const values = new Float32Array(SIDE * SIDE * 3);
	for (let y = 0; y < SIDE; y++)
		for (let x = 0; x < SIDE; x++) values.fill(((direction === 'h' ? y : x) + phase) % 4 < 2 ? 20 : 240, (y * SIDE + x) * 3, (y * SIDE + x) * 3 + 3);
	return new Blob([values.buffer]);
}

/** The tiny extractor (8 features: edges one way and the other) as a project session takes it. */
export async function tinyBackbone(decode: PixelDecoder): Promise<SessionBackbone> {
	const files = tinyGraphModel();
	const parsed = await modelFromFiles([
		{ name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(files.json)).buffer as ArrayBuffer },
		{ name: files.weightsName, bytes: files.weights.slice().buffer }
	]);
	const spec: BackboneSpec = {
		id: 'edges', name: 'edges', format: parsed.format, source: 'files', inputSize: [SIDE, SIDE], channels: 3, pixelRange: '0..1', width: 8, bytes: parsed.bytes, createdAt: 1
	};
	return { spec, artifacts: parsed.artifacts, decode };
}
