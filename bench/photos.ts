// Photos for the Node benches: a folder of class folders of JPEG or PNG files, decoded as the app's
// intake and learner worker decode them (the centre square; 32x32 ink for the small CNN, the
// backbone's input size in colour for a pretrained backbone), and the app's built-in backbone loaded
// from static/ through the same model reader the app downloads it with.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { centerSquare, INPUT_SIZE, sniffImageType, toGrayInput } from '$lib/core/data/image-file';
import { modelFromUrl } from '$lib/core/data/model-files';
import { squareToInput } from '$lib/core/data/square-pixels';
import { BUILTIN_BACKBONE, BUILTIN_BACKBONE_URL } from '$lib/core/model/builtin-backbone';
import { Features, type FeatureStore, type SessionBackbone } from '$lib/core/session/features';
import { IMAGE_CNN, type ModelInput } from '$lib/core/model/architecture';
import { pictureHead } from '$lib/core/model/row-models';
import { DEFAULT_LEARNER_SETTINGS, HEAD_LEARNER_SETTINGS } from '$lib/core/model/online-learner';
import { loadExamples, type Dataset } from './examples';

/** One file of a class folder (bench/options.mjs reads them). */
export interface PhotoFile {
	className: string;
	name: string;
	bytes: Uint8Array;
}

/** A photo's RGBA pixels. */
interface Rgba {
	data: Uint8Array;
	width: number;
	height: number;
}

function decode(bytes: Uint8Array, name: string): Rgba {
	const type = sniffImageType(bytes.subarray(0, 16));
	if (type === 'jpeg') {
		const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
		return { data: image.data, width: image.width, height: image.height };
	}
	if (type === 'png') {
		const image = PNG.sync.read(Buffer.from(bytes));
		return { data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.length), width: image.width, height: image.height };
	}
	throw new Error(`${name} is not a JPEG or PNG file`);
}

/** The centre square at its own resolution, RGBA 0..255 ([side, side, 4]), as the worker's canvas reads it. */
function centreSquareOf(image: Rgba): tf.Tensor3D {
	const { x, y, size } = centerSquare(image.width, image.height);
	return tf.tidy(() => tf.slice(tf.tensor3d(image.data, [image.height, image.width, 4], 'float32'), [y, x, 0], [size, size, 4]));
}

/** The centre square resized to size x size through the app's resize (core/data/square-pixels.ts), RGBA 0..255. */
function centreSquareAt(image: Rgba, [height, width]: [number, number]): tf.Tensor3D {
	const square = centreSquareOf(image);
	try {
		return tf.tidy(() => {
			const rgb = tf.squeeze(squareToInput(square, [height, width], 3), [0]) as tf.Tensor3D;
			return tf.concat([rgb, tf.fill([height, width, 1], 255)], 2) as tf.Tensor3D;
		});
	} finally {
		square.dispose();
	}
}

/** A photo's 32x32 ink input, as the intake stores it for the small CNN. */
export function photoInput(bytes: Uint8Array, name: string): Uint8Array {
	const rgba = centreSquareAt(decode(bytes, name), [INPUT_SIZE, INPUT_SIZE]);
	try {
		return toGrayInput(Uint8ClampedArray.from(rgba.dataSync()), INPUT_SIZE, INPUT_SIZE);
	} finally {
		rgba.dispose();
	}
}

/** The learner's pixel decoder (worker/decode-pixels.ts) for Node: the centre square at the backbone's size, 0..255. */
export async function decodeBlob(source: Blob | ImageBitmap, size: [number, number], channels: 1 | 3): Promise<tf.Tensor4D> {
	if (!(source instanceof Blob)) throw new Error('the Node decoder takes files only');
	const square = centreSquareOf(decode(new Uint8Array(await source.arrayBuffer()), 'a photo'));
	try {
		return squareToInput(square, size, channels);
	} finally {
		square.dispose();
	}
}

/** Features kept in memory across the bench's sessions, as IndexedDB keeps them across the app's. */
export function memoryFeatureStore(): FeatureStore & { size: number } {
	const kept = new Map<string, Float32Array>();
	return {
		async load(ids) {
			return new Map(ids.flatMap((id) => (kept.has(id) ? [[id, kept.get(id)!] as const] : [])));
		},
		async save(features) {
			for (const [id, values] of features) kept.set(id, values);
		},
		get size() {
			return kept.size;
		}
	};
}

/** The app's built-in backbone, read from static/ by the app's own model reader, with the Node decoder and a shared feature store. */
export async function builtinBackbone(store: FeatureStore): Promise<SessionBackbone> {
	const staticDir = fileURLToPath(new URL('../static', import.meta.url));
	const fromDisk = async (href: string | URL | Request) => new Response(readFileSync(staticDir + new URL(String(href)).pathname));
	const parsed = await modelFromUrl(BUILTIN_BACKBONE_URL, 'http://localhost', fromDisk as typeof fetch);
	return { spec: BUILTIN_BACKBONE, artifacts: parsed.artifacts, decode: decodeBlob, store };
}

/** Whether a class folder's files are pictures (the rest of the benches read it as sound files). */
export function arePhotos(files: readonly PhotoFile[]): boolean {
	return files.length > 0 && files.every((f) => /\.(jpe?g|png)$/i.test(f.name));
}

/**
 * A folder of class folders of photos as a bench dataset, learned as a picture project learns it:
 * `pretrained` (the default) on the built-in backbone's features, each photo's features computed once
 * through the learner's own code (core/session/features.ts) and kept in a store the sessions share;
 * `cnn` by the small CNN on each photo's 32x32 ink. Examples carry what the model takes (features or
 * ink); `blobs` holds each photo's file for the sessions, which compute or read features themselves.
 */
export async function loadPhotos(files: readonly PhotoFile[], model: 'pretrained' | 'cnn', log: (message: string) => void): Promise<Dataset> {
	const classes = [...new Set(files.map((f) => f.className))].sort();
	const ink = files.map((f, i) => ({ id: `p${i}`, input: photoInput(f.bytes, f.name) as ModelInput, label: classes.indexOf(f.className) }));
	const blobs = new Map(files.map((f, i) => [`p${i}`, new Blob([f.bytes as Uint8Array<ArrayBuffer>])]));
	const inkOf = new Map(ink.map((e) => [e.id, e.input]));
	if (model === 'cnn') return { examples: ink, classes, kind: 'image', architecture: IMAGE_CNN, settings: DEFAULT_LEARNER_SETTINGS, blobs, ink: inkOf };
	const store = memoryFeatureStore();
	const backbone = await builtinBackbone(store);
	const features = await Features.load(backbone);
	const started = performance.now();
	try {
		await features.fill(ink.map((e) => ({ id: e.id, input: e.input, blob: blobs.get(e.id) })));
	} finally {
		features.backbone.dispose();
	}
	log(`photos: ${store.size} of ${files.length} photos through ${BUILTIN_BACKBONE.name} in ${((performance.now() - started) / 1000).toFixed(1)} s (${((performance.now() - started) / files.length).toFixed(1)} ms each, decoding included)`);
	const examples = ink.flatMap((e) => (features.cache.has(e.id) ? [{ ...e, input: features.cache.get(e.id)! }] : []));
	return { examples, classes, kind: 'image', architecture: pictureHead(BUILTIN_BACKBONE.width, BUILTIN_BACKBONE.name), settings: HEAD_LEARNER_SETTINGS, blobs, backbone, ink: inkOf };
}

/** A bench's data: a CSV (bench/examples.ts) or, for a folder of class folders of photos, the photos on the built-in backbone (or the small CNN). */
export async function loadData(options: { csv: string; dataPath: string; files?: PhotoFile[] }, log: (message: string) => void, model: 'pretrained' | 'cnn' = 'pretrained'): Promise<Dataset> {
	if (!options.files) return loadExamples(options.csv, { path: options.dataPath });
	if (!arePhotos(options.files)) throw new Error(`${options.dataPath}: this bench takes a CSV or a folder of class folders of photos (JPEG, PNG)`);
	return loadPhotos(options.files, model, log);
}
