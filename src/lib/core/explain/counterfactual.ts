import * as tf from '@tensorflow/tfjs';
import type { Classifier } from './explainer';

export interface CounterfactualOptions {
	/** Gradient steps at most (default 150). */
	steps?: number;
	/** Step size on the 0..1 input scale (default 0.05). */
	rate?: number;
	/** Weight of the L1 distance to the original: higher keeps the change smaller (default 0.02). */
	sparsity?: number;
	/** The input's plausible range; every element is kept inside it (default 0..1, ink images). */
	range?: [number, number];
	/** The target's probability that counts as reached (default 0.5, and it must be the top class). */
	confidence?: number;
}

export interface Counterfactual {
	/** The changed input, the original's shape, flattened. */
	values: Float32Array;
	/** Whether the model now puts the target class first with at least `confidence`. */
	reached: boolean;
	/** The target class's probability for the changed input. */
	probability: number;
	/** Steps taken. */
	steps: number;
	/** Mean absolute change per element, on the input's scale. */
	meanChange: number;
}

/**
 * "What would make this class Y": the input moved by projected gradient steps towards a higher log
 * probability of `target`, with an L1 pull back to the original so the change stays small and local,
 * clipped to the plausible range after each step. Stops at the first input the model gives `target`
 * (the smallest change found on the way, since the change only grows).
 */
export async function counterfactual(model: Classifier, input: tf.Tensor, target: number, options: CounterfactualOptions = {}): Promise<Counterfactual> {
	const { steps = 150, rate = 0.05, sparsity = 0.02, range = [0, 1], confidence = 0.5 } = options;
	if (input.shape[0] !== 1) throw new Error(`a counterfactual takes one input [1, ...], not a batch of ${input.shape[0]}`);
	const objective = (x: tf.Tensor) =>
		tf.tidy(() => {
			const probs = model(x) as tf.Tensor2D;
			const mask = tf.oneHot(tf.tensor1d([target], 'int32'), probs.shape[1]);
			const logP = tf.sum(tf.mul(tf.log(tf.add(probs, 1e-7)), mask));
			return tf.sub(logP, tf.mul(sparsity, tf.sum(tf.abs(tf.sub(x, input))))) as tf.Scalar;
		});
	let x = input.clone();
	let taken = 0;
	let status = await standing(model, x, target, confidence);
	try {
		while (!status.reached && taken < steps) {
			const next = tf.tidy(() => {
				const g = tf.grad(objective)(x);
				// Normalised ascent: steady steps whether the gradient is tiny (a saturated softmax) or huge.
				const step = tf.div(g, tf.add(tf.max(tf.abs(g)), 1e-12));
				return tf.clipByValue(tf.add(x, tf.mul(rate, step)), range[0], range[1]);
			});
			x.dispose();
			x = next;
			taken++;
			status = await standing(model, x, target, confidence);
		}
		const change = tf.tidy(() => tf.mean(tf.abs(tf.sub(x, input))));
		const [values, meanChange] = await Promise.all([x.data() as Promise<Float32Array>, change.data()]);
		change.dispose();
		return { values, reached: status.reached, probability: status.probability, steps: taken, meanChange: meanChange[0]! };
	} finally {
		x.dispose();
	}
}

async function standing(model: Classifier, x: tf.Tensor, target: number, confidence: number): Promise<{ reached: boolean; probability: number }> {
	const probs = tf.tidy(() => model(x));
	try {
		const p = (await probs.data()) as Float32Array;
		const top = p.indexOf(Math.max(...p));
		return { reached: top === target && p[target]! >= confidence, probability: p[target]! };
	} finally {
		probs.dispose();
	}
}
