import * as tf from '@tensorflow/tfjs';
import { InputError } from '../data/input-error';
import type { BackboneArtifacts, BackboneFormat, PixelRange } from '../types';

/** Used when a model accepts any image size: what most pretrained image models were trained at. */
export const DEFAULT_BACKBONE_SIDE = 224;

/** What a loaded feature extractor takes and gives. */
export interface BackboneShape {
	inputSize: [number, number];
	channels: 1 | 3;
	width: number;
}

/**
 * A pretrained feature extractor, frozen: images in, one feature vector per image out. `features` is
 * differentiable, so saliency can be traced through it back to the pixels.
 */
export class Backbone {
	private constructor(
		private readonly run: (x: tf.Tensor4D) => tf.Tensor,
		private readonly owner: { dispose(): void },
		readonly shape: BackboneShape,
		readonly pixelRange: PixelRange
	) {}

	/**
	 * Loads a tfjs layers or graph model. A classifier (ending in softmax) is cut before its last layer;
	 * a feature map is averaged over its height and width.
	 */
	static async load(artifacts: BackboneArtifacts, format: BackboneFormat, pixelRange: PixelRange): Promise<Backbone> {
		const io = tf.io.fromMemory(artifacts as tf.io.ModelArtifacts);
		let run: (x: tf.Tensor4D) => tf.Tensor;
		let owner: { dispose(): void };
		let inputShape: readonly (number | null)[] | undefined;
		try {
			if (format === 'layers') {
				const model = await tf.loadLayersModel(io);
				const last = model.layers.at(-1);
				const cut = model.layers.length > 1 && (last?.getConfig() as { activation?: string }).activation === 'softmax';
				const body = cut ? tf.model({ inputs: model.inputs, outputs: model.layers.at(-2)!.output as tf.SymbolicTensor }) : model;
				run = (x) => body.apply(x) as tf.Tensor;
				owner = model;
				inputShape = model.inputs[0]?.shape;
			} else {
				const model = await tf.loadGraphModel(io);
				if (model.inputs.length !== 1) throw new InputError(`This graph model takes ${model.inputs.length} inputs; Attune needs a model that takes one image.`);
				const output = model.outputs[0]!.name;
				run = (x) => model.execute(x, output) as tf.Tensor;
				owner = model;
				inputShape = model.inputs[0]!.shape;
			}
		} catch (error) {
			if (error instanceof InputError) throw error;
			throw new InputError(`TensorFlow.js could not load this model: ${error instanceof Error ? error.message : String(error)}`);
		}
		try {
			const shape = await inspect(run, inputShape);
			return new Backbone(run, owner, shape, pixelRange);
		} catch (error) {
			owner.dispose();
			throw error;
		}
	}

	/** Feature vectors [n, width] of images given as pixels 0..255, [n, height, width, channels]. */
	features(pixels: tf.Tensor4D): tf.Tensor2D {
		return tf.tidy(() => pool(this.run(scale(pixels, this.pixelRange))));
	}

	dispose(): void {
		this.owner.dispose();
	}
}

function scale(pixels: tf.Tensor4D, range: PixelRange): tf.Tensor4D {
	if (range === '0..255') return pixels;
	if (range === '0..1') return tf.div(pixels, 255);
	return tf.sub(tf.div(pixels, 127.5), 1);
}

/** A feature map [n, h, w, c] becomes [n, c] by averaging; a vector stays as it is. */
function pool(output: tf.Tensor): tf.Tensor2D {
	if (output.rank === 2) return output as tf.Tensor2D;
	if (output.rank === 4) return tf.mean(output, [1, 2]) as tf.Tensor2D;
	throw new InputError(`The model's output has ${output.rank} dimensions; Attune needs a feature vector or a feature map.`);
}

/** Checks the model takes an image batch and gives finite features, by running one blank image through it. */
async function inspect(run: (x: tf.Tensor4D) => tf.Tensor, inputShape: readonly (number | null)[] | undefined): Promise<BackboneShape> {
	if (!inputShape || inputShape.length !== 4) {
		throw new InputError(`The model takes input of shape [${inputShape?.join(', ') ?? '?'}]; Attune needs an image batch [n, height, width, channels].`);
	}
	const [, h, w, c] = inputShape.map((d) => (d === null || d < 0 ? null : d));
	if (c !== 1 && c !== 3) throw new InputError(`The model takes images with ${c ?? 'any number of'} channels; Attune gives it 1 (grey) or 3 (colour).`);
	const inputSize: [number, number] = [h ?? DEFAULT_BACKBONE_SIDE, w ?? DEFAULT_BACKBONE_SIDE];
	let features: tf.Tensor2D;
	try {
		features = tf.tidy(() => pool(run(tf.zeros([1, inputSize[0], inputSize[1], c]) as tf.Tensor4D)));
	} catch (error) {
		if (error instanceof InputError) throw error;
		throw new InputError(`The model failed on a test image: ${error instanceof Error ? error.message : String(error)}`);
	}
	try {
		const values = await features.data();
		if (!values.every(Number.isFinite)) throw new InputError('The model gives non-finite features (NaN or infinity) for a blank image.');
		return { inputSize, channels: c, width: features.shape[1] };
	} finally {
		features.dispose();
	}
}
