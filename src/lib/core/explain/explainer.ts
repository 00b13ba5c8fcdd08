import type * as tf from '@tensorflow/tfjs';

export interface ExplainOptions {
	/** Seed for methods that sample (SmoothGrad's noise); the same seed gives the same map. */
	seed?: number;
}

/**
 * A model as the explainers see it: a differentiable function from an input batch to class
 * probabilities [n, classes]. A layers model is `(x) => model.apply(x)`; an imported extractor with
 * its head is the two composed.
 */
export type Classifier = (x: tf.Tensor) => tf.Tensor;

/**
 * Attributes one prediction to the input. Returns one non-negative value per input element
 * (same length as the input tensor's values), larger meaning "mattered more" to `classIndex`.
 */
export interface Explainer {
	id: string;
	name: string;
	explain(model: Classifier, input: tf.Tensor, classIndex: number, options?: ExplainOptions): Promise<Float32Array>;
}
