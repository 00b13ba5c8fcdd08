import * as tf from '@tensorflow/tfjs';
import { partGradients } from './train-step';
import type { BatchTensors } from './training-batch';

/** Examples per part of a step taken in parts. */
export const STEP_PART = 8;

/**
 * One optimiser step over a batch of `size` examples, its gradient taken STEP_PART examples at a time
 * with a pause (a yield) after each part but the last, so that what waits for the thread (the human's
 * next act, in the worker) waits for a part, not the whole step: on WASM on 2 cores ~25 ms, against
 * ~90 for 34 examples. The parts' gradients, each weighted by its share of the batch, sum to the whole
 * batch's, so this is the step trainStep takes but for rounding. `tensorsOf(from, to)` makes a part's
 * tensors, in order; `decay` is the architecture's weight decay. Returned early (its driver stopped), or if `moved` says the weights changed
 * meanwhile, it changes nothing (and returns NaN); else it returns the batch's loss.
 */
export async function* stepInParts(
	model: tf.LayersModel,
	optimizer: tf.Optimizer,
	size: number,
	tensorsOf: (from: number, to: number) => BatchTensors,
	moved: () => boolean,
	decay = 0
): AsyncGenerator<void, number> {
	let sum: { loss: tf.Scalar; grads: tf.NamedTensorMap } | undefined;
	try {
		for (let from = 0; from < size; from += STEP_PART) {
			if (from > 0) yield;
			const to = Math.min(size, from + STEP_PART);
			const { xs, ys, penalty } = tensorsOf(from, to);
			try {
				const part = partGradients(model, xs, ys, penalty, (to - from) / size, decay);
				sum = sum ? added(sum, part) : part;
			} finally {
				tf.dispose([xs, ys, penalty?.masks]);
			}
		}
		if (!sum || moved()) return NaN;
		optimizer.applyGradients(sum.grads);
		return (await sum.loss.data())[0]!;
	} finally {
		if (sum) tf.dispose([sum.loss, ...Object.values(sum.grads)]);
	}
}

/** Two parts' gradients and losses, summed; both are disposed. */
function added(a: { loss: tf.Scalar; grads: tf.NamedTensorMap }, b: { loss: tf.Scalar; grads: tf.NamedTensorMap }) {
	const grads = Object.fromEntries(Object.entries(a.grads).map(([name, g]) => [name, tf.add(g, b.grads[name]!)]));
	const loss = tf.add(a.loss, b.loss) as tf.Scalar;
	tf.dispose([a.loss, b.loss, ...Object.values(a.grads), ...Object.values(b.grads)]);
	return { loss, grads };
}
