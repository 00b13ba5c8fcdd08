import * as tf from '@tensorflow/tfjs';

/** Timings from a backend that passed the smoke test. */
export interface SmokeResult {
	trainStepMs: number;
	predictMs: number;
}

const STEPS = 3;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function allFinite(values: ArrayLike<number>): boolean {
	for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
	return true;
}

function anyNonZero(values: ArrayLike<number>): boolean {
	for (let i = 0; i < values.length; i++) if (values[i] !== 0) return true;
	return false;
}

/**
 * Trains a tiny conv net on the active backend for a few steps and checks that the loss and every
 * gradient are finite (and the gradients not all zero). A backend that only predicts is not enough:
 * tfjs's WASM backend, for one, lacks a conv backprop kernel out of the box. Throws on failure.
 */
export async function smokeTest(): Promise<SmokeResult> {
	const w = tf.tidy(() => tf.variable(tf.randomNormal([3, 3, 1, 4], 0, 0.5, 'float32', 1)));
	const d = tf.tidy(() => tf.variable(tf.randomNormal([4, 2], 0, 0.5, 'float32', 2)));
	const x = tf.randomNormal<tf.Rank.R4>([4, 8, 8, 1], 0, 1, 'float32', 3);
	const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2));
	const forward = (input: tf.Tensor4D) => {
		const h = tf.relu(tf.conv2d(input, w as tf.Tensor4D, 1, 'same'));
		const pooled = tf.maxPool(h, 2, 2, 'valid');
		return tf.matMul(tf.mean(pooled, [1, 2]) as tf.Tensor2D, d as tf.Tensor2D);
	};
	const optimizer = tf.train.sgd(0.1);
	try {
		const trainTimes: number[] = [];
		for (let step = 0; step <= STEPS; step++) {
			const started = performance.now();
			const { value, grads } = tf.variableGrads(
				() => tf.losses.softmaxCrossEntropy(y, forward(x)) as tf.Scalar,
				[w, d]
			);
			try {
				const [loss, ...gradValues] = await Promise.all([value.data(), ...Object.values(grads).map((g) => g.data())]);
				if (!allFinite(loss)) throw new Error('training produced a non-finite loss');
				if (!gradValues.every(allFinite)) throw new Error('training produced non-finite gradients');
				if (!gradValues.every(anyNonZero)) throw new Error('training produced all-zero gradients');
				optimizer.applyGradients(grads);
			} finally {
				value.dispose();
				tf.dispose(grads);
			}
			if (step > 0) trainTimes.push(performance.now() - started); // step 0 compiles shaders
		}
		const predictTimes: number[] = [];
		for (let i = 0; i <= STEPS; i++) {
			const started = performance.now();
			const out = tf.tidy(() => tf.softmax(forward(x.slice(0, 1))));
			const probs = await out.data();
			out.dispose();
			if (!allFinite(probs)) throw new Error('prediction produced non-finite values');
			if (i > 0) predictTimes.push(performance.now() - started);
		}
		return { trainStepMs: median(trainTimes), predictMs: median(predictTimes) };
	} finally {
		tf.dispose([w, d, x, y]);
		optimizer.dispose();
	}
}
