import * as tf from '@tensorflow/tfjs';
import type { Architecture, ModelInput } from './architecture';
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
		const row = targetOf(e, classes);
		if (row) values.set(row, i * classes);
	});
	return tf.tensor2d(values, [batch.length, classes]);
}

/** One example's target row: its `target`, else the one-hot of its label; undefined when it has neither for this class count (targetRows' zero row). */
export function targetOf(e: Example, classes: number): Float32Array | undefined {
	if (e.target) return e.target.length === classes ? e.target : undefined;
	if (e.label < 0 || e.label >= classes) return undefined;
	const row = new Float32Array(classes);
	row[e.label] = 1;
	return row;
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

/** A batch's tensors, as a training step takes them; the step disposes them. */
export interface BatchTensors {
	xs: tf.Tensor;
	ys: tf.Tensor;
	penalty?: Penalty;
}

/**
 * A batch as tensors: its inputs, target rows and explanation penalty. Inputs from `exact` on are
 * varied at random if the architecture augments (the new sample of a quick step is taught as drawn).
 */
export function batchTensors(
	batch: readonly Example[],
	{ architecture, classes, exact, random, explanationWeight }: { architecture: Architecture; classes: number; exact: number; random: () => number; explanationWeight: number }
): BatchTensors {
	const { augment } = architecture;
	// Masked examples are shifted too, their masks not: measured with the rrr bench (2 seeds, masks on
	// 10%), leaving them unshifted did worse (0.921 test accuracy, against 0.947).
	const xs = architecture.batch(batch.map((e, i) => (augment && i >= exact ? augment(e.input, random) : e.input)));
	const ys = targetRows(batch, classes);
	try {
		return { xs, ys, penalty: penaltyFor(batch, xs, explanationWeight) };
	} catch (error) {
		tf.dispose([xs, ys]);
		throw error;
	}
}
