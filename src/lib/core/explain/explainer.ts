import * as tf from '@tensorflow/tfjs';

export interface ExplainOptions {
	/** Seed for methods that sample (SmoothGrad's noise); the same seed gives the same map. */
	seed?: number;
}

/**
 * A model as the explainers see it: a differentiable function from an input batch to class
 * probabilities [n, classes]. A layers model is `layersClassifier(model)`; an imported extractor with
 * its head is the two composed.
 */
export interface Classifier {
	(x: tf.Tensor): tf.Tensor;
	/**
	 * For a conv net: the same function in two stages, split after the last convolution block, so
	 * Grad-CAM can weigh that block's feature maps. Unset where there is no spatial layer to split at.
	 */
	conv?: { features(x: tf.Tensor): tf.Tensor4D; head(features: tf.Tensor4D): tf.Tensor };
}

/**
 * Attributes one prediction to the input. Returns one non-negative value per input element
 * (same length as the input tensor's values), larger meaning "mattered more" to `classIndex`.
 */
export interface Explainer {
	id: string;
	name: string;
	/** Whether the method can explain this model (Grad-CAM needs a conv net); every model when unset. */
	appliesTo?(model: Classifier): boolean;
	explain(model: Classifier, input: tf.Tensor, classIndex: number, options?: ExplainOptions): Promise<Float32Array>;
}

/**
 * A layers model as a Classifier. A sequential model whose layers include a 4-D (spatial) output also
 * gets the `conv` split, after the last layer that outputs a 4-D tensor (the last conv block's pooling).
 */
export function layersClassifier(model: tf.LayersModel): Classifier {
	const run = ((x: tf.Tensor) => model.apply(x) as tf.Tensor) as Classifier;
	const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer'); // an InputLayer takes no input to apply()
	const lastSpatial = layers.findLastIndex((l) => (l.outputShape as number[]).length === 4);
	if (model instanceof tf.Sequential && lastSpatial >= 0 && lastSpatial < layers.length - 1) {
		const through = (x: tf.Tensor, from: number, to: number) => layers.slice(from, to).reduce((t, l) => l.apply(t) as tf.Tensor, x);
		run.conv = {
			features: (x) => through(x, 0, lastSpatial + 1) as tf.Tensor4D,
			head: (f) => through(f, lastSpatial + 1, layers.length)
		};
	}
	return run;
}
