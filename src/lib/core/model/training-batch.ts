import * as tf from '@tensorflow/tfjs';
import type { ModelInput } from './architecture';
import type { Penalty } from './train-step';

export interface Example {
	id: string;
	input: ModelInput;
	/** Index of the class in the learner's class order; NO_LABEL for a sample taught only through its explanation or `target`. */
	label: number;
	/**
	 * The example's cross-entropy target, one value per class, in place of the one-hot of `label`: a
	 * soft or weighted target from ratings and implicit signals (signals/training-target.ts). The loss is
	 * linear in it, so a row summing to w weighs the example w times a one-hot one. Adam divides out the
	 * gradient's overall scale, so the weight counts against the other examples of the batch (the
	 * replayed ones): in a batch of this example alone, weight 0.1 moves the model as far as weight 1.
	 */
	target?: Float32Array;
	/**
	 * Where the human said the model should not look (1) and where it may (0), one value per input
	 * element: the explanation penalty (explanation-penalty.ts) applies inside it.
	 */
	mask?: Float32Array;
}

/** The label of an example with no class of its own: a painted explanation, or a `target` from ratings. */
export const NO_LABEL = -1;

/**
 * One target row per example: its `target`, else the one-hot of its label. A row of zeros (no
 * cross-entropy, only the explanation penalty, if any) for NO_LABEL, and for a target made for another
 * class count: after the classes change (remapClasses) an old target would teach the wrong classes,
 * so it is skipped rather than crashing the step; callers rebuild targets for the new class order.
 */
export function targetRows(batch: readonly Example[], classes: number): tf.Tensor2D {
	const values = new Float32Array(batch.length * classes);
	batch.forEach((e, i) => {
		if (e.target) {
			if (e.target.length === classes) values.set(e.target, i * classes);
		} else if (e.label >= 0 && e.label < classes) values[i * classes + e.label] = 1;
	});
	return tf.tensor2d(values, [batch.length, classes]);
}

/** The explanation penalty's masks for a batch (zero for unmasked examples), if any example has one. */
export function penaltyFor(batch: readonly Example[], xs: tf.Tensor, weight: number): Penalty | undefined {
	if (!batch.some((e) => e.mask)) return undefined;
	const size = xs.size / batch.length;
	const values = new Float32Array(xs.size);
	batch.forEach((e, i) => {
		if (!e.mask) return;
		if (e.mask.length !== size) throw new Error(`an explanation mask must have ${size} values, not ${e.mask.length}`);
		values.set(e.mask, i * size);
	});
	return { masks: tf.tensor(values, xs.shape), weight };
}
