import type * as tf from '@tensorflow/tfjs';

export interface ExplainOptions {
	/** Seed for methods that sample (SmoothGrad's noise); the same seed gives the same map. */
	seed?: number;
}

/**
 * Attributes one prediction to the input. Returns one non-negative value per input element
 * (same length as the input tensor's values), larger meaning "mattered more" to `classIndex`.
 */
export interface Explainer {
	id: string;
	name: string;
	explain(model: tf.LayersModel, input: tf.Tensor, classIndex: number, options?: ExplainOptions): Promise<Float32Array>;
}
