import * as tf from '@tensorflow/tfjs';
import { featureBatch } from './feature-batch';
import { buildImageCnn } from './image-cnn';
import { inputBatch, INPUT_SIDE } from './image-input';

/** One sample as a model takes it: a 32x32 ink image (bytes) or a feature vector (floats). */
export type ModelInput = Uint8Array | Float32Array;

/** What an online learner needs to know about its network: how to build one and how to feed it. */
export interface Architecture {
	id: string;
	/** What a person is told the model is ("Small CNN, trained from scratch"). */
	name: string;
	/** Its layers, from input to output, for the Model panel ("32×32 ink → conv 16 → …"); `classes` outputs. */
	layers(classes: number): string;
	/** A fresh network with `classes` softmax outputs; the last two weights are the output layer's. */
	build(classes: number, seed: number): tf.LayersModel;
	/** A batch tensor of per-sample inputs. */
	batch(inputs: readonly ModelInput[]): tf.Tensor;
	/** A randomly varied copy of a training input (data augmentation); training only. */
	augment?(input: ModelInput, random: () => number): ModelInput;
	/** Lambda of an L2 term on the kernels (weight decay) over the whole training set, divided by its size at each step: for a model that must generalise from a handful of labels. */
	weightDecay?: number;
	/**
	 * A softmax regression (one dense layer on the inputs): its loss is convex, so the idle steps solve
	 * it to its optimum (linear-fit.ts) instead of taking Adam steps.
	 */
	convex?: boolean;
	/**
	 * Rows whose zero is no average (a body's keypoints, unlike standardised columns) are explained
	 * against the project's mean row: a value at the mean gets no credit (core/explain/row-explain.ts).
	 */
	explainFrom?: 'mean';
	/** The network that takes over once there are enough labels (core/model/row-models.ts), if any. */
	handOver?: HandOverRule;
}

/** When and to what a few-label model hands over: the rule is chosen with the al bench (README). */
export interface HandOverRule {
	to: Architecture;
	/** Hand over once this many samples have a human label. */
	atLabels: number;
}

/** The default: a small CNN on the 32x32 ink image, trained from scratch. */
export const IMAGE_CNN: Architecture = {
	id: 'image-cnn',
	name: 'Small CNN, trained from scratch',
	layers: (classes) => `32×32 grey picture → conv 16 → pool → conv 32 → pool → dense 64 → ${classes} classes`,
	build: (classes, seed) => buildImageCnn({ height: INPUT_SIDE, width: INPUT_SIDE, channels: 1, classes, seed }),
	batch(inputs) {
		if (!inputs.every((i) => i instanceof Uint8Array)) throw new Error('the image CNN takes 32x32 byte images');
		return inputBatch(inputs as Uint8Array[]);
	},
	augment: (input, random) => shifted(input as Uint8Array, random)
};

/**
 * Most pixels a training image is moved by, each way: a sketch drawn a little off-centre is the same
 * sketch. Measured with the al bench on digits (2 seeds, margin and the default): accuracy at 60
 * labels 0.846 without shifts, 0.893 with shifts of up to 3 pixels; shifts, turns and scaling together
 * did no better and lowered the full-data accuracy (0.965, not 0.981).
 */
export const MAX_SHIFT = 3;

/** The 32x32 image moved by up to MAX_SHIFT pixels each way (training only), blank ink where it moved from. */
export function shifted(image: Uint8Array, random: () => number): Uint8Array {
	const dx = Math.floor(random() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
	const dy = Math.floor(random() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
	if (dx === 0 && dy === 0) return image;
	const out = new Uint8Array(image.length);
	for (let y = Math.max(0, dy); y < Math.min(INPUT_SIDE, INPUT_SIDE + dy); y++) {
		const from = (y - dy) * INPUT_SIDE;
		for (let x = Math.max(0, dx); x < Math.min(INPUT_SIDE, INPUT_SIDE + dx); x++) out[y * INPUT_SIDE + x] = image[from + x - dx]!;
	}
	return out;
}

/**
 * A small head on a pretrained extractor's features (`width` of them per sample): one hidden layer,
 * then softmax. Trained on cached features, so an update costs microseconds of arithmetic.
 */
export function featureHead(width: number): Architecture {
	return {
		id: `feature-head-${width}`,
		name: 'Small neural network on the imported model’s features',
		layers: (classes) => `${width} features → dense 64 (ReLU) → ${classes} classes`,
		build: (classes, seed) =>
			tf.sequential({
				name: 'feature_head',
				layers: [
					tf.layers.dense({ inputShape: [width], units: 64, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed }) }),
					tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) })
				]
			}),
		batch: (inputs) => featureBatch(inputs, width)
	};
}

/**
 * Spreadsheet rows, standardised and one-hot encoded (core/data/tabular-schema.ts), `width` values each:
 * the same small MLP as the feature head.
 */
export function tabularMlp(width: number): Architecture {
	return { ...featureHead(width), id: `tabular-mlp-${width}`, name: 'Small neural network', layers: (classes) => `${width} column values → dense 64 (ReLU) → ${classes} classes` };
}

/** Notes as hashed n-gram vectors (core/model/text-hashing.ts): the same small MLP. */
export function textMlp(width: number): Architecture {
	return { ...featureHead(width), id: `text-mlp-${width}`, name: 'Small neural network', layers: (classes) => `${width} hashed word and character n-grams → dense 64 (ReLU) → ${classes} classes` };
}

/** A body's normalised keypoints (core/pose/normalise.ts): the same small MLP. */
export function poseMlp(width: number): Architecture {
	return { ...featureHead(width), id: `pose-mlp-${width}`, name: 'Small neural network', layers: (classes) => `${width} joint positions and visibilities → dense 64 (ReLU) → ${classes} classes` };
}

/** Whether a network (saved weights, say) is this architecture's, the size of its output layer aside. */
export function isNetworkOf(network: tf.LayersModel, architecture: Architecture): boolean {
	const fresh = architecture.build(2, 0);
	try {
		// The input's shape too: a linear model has no weights before its output layer to tell a 4-column one from a 6-column one.
		const shapes = (model: tf.LayersModel) => [model.inputs[0]!.shape.join('x'), ...model.weights.slice(0, -2).map((w) => w.shape.join('x'))].join();
		return shapes(fresh) === shapes(network);
	} finally {
		fresh.dispose();
	}
}
