import * as tf from '@tensorflow/tfjs';
import type { Architecture, ModelInput } from './architecture';

/** Class probabilities [n, classes] and penultimate activations [n, width], row-major. */
export interface ProbsAndEmbeddings {
	probs: Float32Array;
	classes: number;
	embeddings: Float32Array;
	width: number;
}

/** Class probabilities of a batch, row-major [n, classes]. */
export async function predictProbs(model: tf.LayersModel, architecture: Architecture, inputs: readonly ModelInput[]): Promise<Float32Array> {
	if (inputs.length === 0) return new Float32Array(0);
	const probs = tf.tidy(() => model.predict(architecture.batch(inputs)) as tf.Tensor);
	try {
		return (await probs.data()) as Float32Array;
	} finally {
		probs.dispose();
	}
}

/** The network with its penultimate layer as a first output, beside its class probabilities (shares the weights). */
export function embeddingModel(model: tf.LayersModel): tf.LayersModel {
	const penultimate = model.layers[model.layers.length - 2]!;
	return tf.model({ inputs: model.inputs, outputs: [penultimate.output as tf.SymbolicTensor, model.outputs[0]!] });
}

/** Both outputs of an `embeddingModel` for a batch, from one forward pass. */
export async function predictBoth(both: tf.LayersModel, architecture: Architecture, inputs: readonly ModelInput[]): Promise<ProbsAndEmbeddings> {
	const classes = both.outputs[1]!.shape.at(-1) as number;
	if (inputs.length === 0) return { probs: new Float32Array(0), classes, embeddings: new Float32Array(0), width: 0 };
	const [embedded, probs] = tf.tidy(() => both.predict(architecture.batch(inputs)) as tf.Tensor2D[]);
	try {
		const [e, p] = await Promise.all([embedded!.data(), probs!.data()]);
		return { probs: p as Float32Array, classes: probs!.shape[1], embeddings: e as Float32Array, width: embedded!.shape[1] };
	} finally {
		tf.dispose([embedded!, probs!]);
	}
}
