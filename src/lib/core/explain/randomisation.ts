import * as tf from '@tensorflow/tfjs';
import { layersClassifier, type Explainer } from './explainer';

/**
 * The model-randomisation sanity check (Adebayo et al. 2018): a map that explains the model must
 * change when the learned weights are replaced by random ones. A map that stays the same (rank
 * correlation near 1) shows the input's edges, not what the model learned; a faithful method gives a
 * correlation near 0.
 */
export async function randomisationCheck(
	explainer: Explainer, model: tf.LayersModel, input: tf.Tensor, classIndex: number, options: { seed?: number; explainSeed?: number } = {}
): Promise<{ rankCorrelation: number }> {
	const copy = await randomisedCopy(model, options.seed);
	try {
		const explainOptions = { seed: options.explainSeed ?? 1 };
		const trained = await explainer.explain(layersClassifier(model), input, classIndex, explainOptions);
		const random = await explainer.explain(layersClassifier(copy), input, classIndex, explainOptions);
		return { rankCorrelation: spearman(trained, random) };
	} finally {
		copy.dispose();
	}
}

/**
 * A new model of the same architecture with every trainable weight drawn afresh (the caller disposes
 * it). Weights of rank 2 and up are Glorot-uniform for their fans, as a fresh layer would be; biases
 * too are drawn (as a vector whose fan in and out are its length), so no weight keeps its learned
 * value. Non-trainable weights (normalisation statistics) are kept. The same seed gives the same copy.
 */
export async function randomisedCopy(model: tf.LayersModel, seed = 1): Promise<tf.LayersModel> {
	const copy = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] });
	try {
		const mismatch = model.weights.findIndex((w, i) => String(copy.weights[i]?.shape) !== String(w.shape));
		if (mismatch >= 0 || copy.weights.length !== model.weights.length) throw new Error(`the rebuilt model's weights differ from the model's (weight ${mismatch})`);
		tf.tidy(() =>
			copy.trainableWeights.forEach((w, i) => {
				const shape = w.shape as number[];
				const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
				const [fanIn, fanOut] = shape.length >= 2 ? [shape.at(-2)! * receptive, shape.at(-1)! * receptive] : [shape[0]!, shape[0]!];
				const limit = Math.sqrt(6 / (fanIn + fanOut));
				w.write(tf.randomUniform(shape, -limit, limit, 'float32', seed * 1009 + i));
			})
		);
		return copy;
	} catch (error) {
		copy.dispose();
		throw error;
	}
}

/**
 * Spearman's rank correlation: 1 for the same order, -1 for the reverse, 0 for unrelated. Equal values
 * share their average rank. NaN where either vector is constant, which has no order to compare.
 */
export function spearman(a: Float32Array, b: Float32Array): number {
	if (a.length !== b.length) throw new Error(`cannot correlate ${a.length} values with ${b.length}`);
	return pearson(ranks(a), ranks(b));
}

function ranks(values: Float32Array): Float64Array {
	const order = Int32Array.from(values, (_, i) => i).sort((i, j) => values[i]! - values[j]!);
	const rank = new Float64Array(values.length);
	for (let start = 0; start < order.length; ) {
		let end = start;
		while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
		for (let k = start; k <= end; k++) rank[order[k]!] = (start + end) / 2 + 1;
		start = end + 1;
	}
	return rank;
}

function pearson(x: Float64Array, y: Float64Array): number {
	const n = x.length;
	const [mx, my] = [x.reduce((s, v) => s + v, 0) / n, y.reduce((s, v) => s + v, 0) / n];
	let [sxy, sxx, syy] = [0, 0, 0];
	for (let i = 0; i < n; i++) {
		sxy += (x[i]! - mx) * (y[i]! - my);
		sxx += (x[i]! - mx) ** 2;
		syy += (y[i]! - my) ** 2;
	}
	return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}
