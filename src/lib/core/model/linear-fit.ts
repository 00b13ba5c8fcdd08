/**
 * Softmax regression fitted to its optimum, in plain arithmetic: the linear model's loss is convex, so
 * after each act it is solved rather than nudged (scikit-learn's LogisticRegression does the same). A
 * few Adam steps of the online learner move it a little; this finds where those steps are heading.
 */

/** A linear model's weights: the kernel [width, classes] row-major, and one bias per class. */
export interface LinearWeights {
	kernel: Float32Array;
	bias: Float32Array;
}

/** One training row: its values and its target (a one-hot label, or a weighted soft target). */
export interface LinearRow {
	input: ArrayLike<number>;
	target: ArrayLike<number>;
}

/**
 * Iterations of full-batch Adam from the current weights, and its first step, which then falls to 0
 * along a half cosine: converged on iris, the readings table and notes. Adam at a constant step never
 * settles: each weight keeps moving by about the step. On a backbone's 1,280 features, with the
 * picture head's decay, whose optimum has weights of about 0.01, that left the last iterate anywhere:
 * in the calibration bench's teaching loop on cifar10-train-100, one act in four put the head at
 * 10-20% held-out accuracy, sure of one class, between acts at 30-38%.
 */
export const FIT_ITERATIONS = 300;
const RATE = 0.05;
const [BETA1, BETA2, EPSILON] = [0.9, 0.999, 1e-8];
/** Iterations between pauses: the next act waits for at most one such slice. */
const SLICE = 25;

/**
 * Minimises the mean cross-entropy of `rows` plus `decay` / n times the summed squares of the kernel,
 * from `start`, pausing (yield) every SLICE iterations. Returns the fitted weights (new arrays).
 */
export function* fitLinear(rows: readonly LinearRow[], start: LinearWeights, decay: number, iterations = FIT_ITERATIONS): Generator<void, LinearWeights> {
	const classes = start.bias.length;
	const width = start.kernel.length / classes;
	const params = new Float64Array(width * classes + classes);
	params.set(start.kernel);
	params.set(start.bias, width * classes);
	if (rows.length === 0) return { kernel: start.kernel.slice(), bias: start.bias.slice() };
	const [m, v] = [new Float64Array(params.length), new Float64Array(params.length)];
	const lambda = decay / rows.length;
	for (let t = 1; t <= iterations; t++) {
		const grad = gradient(rows, params, width, classes, lambda);
		const [c1, c2] = [1 - BETA1 ** t, 1 - BETA2 ** t];
		const rate = (RATE * (1 + Math.cos((Math.PI * (t - 1)) / iterations))) / 2;
		for (let p = 0; p < params.length; p++) {
			m[p] = BETA1 * m[p]! + (1 - BETA1) * grad[p]!;
			v[p] = BETA2 * v[p]! + (1 - BETA2) * grad[p]! ** 2;
			params[p] = params[p]! - (rate * (m[p]! / c1)) / (Math.sqrt(v[p]! / c2) + EPSILON);
		}
		if (t % SLICE === 0 && t < iterations) yield;
	}
	return { kernel: Float32Array.from(params.subarray(0, width * classes)), bias: Float32Array.from(params.subarray(width * classes)) };
}

/** The gradient of the loss by the parameters (kernel, then bias). */
function gradient(rows: readonly LinearRow[], params: Float64Array, width: number, classes: number, lambda: number): Float64Array {
	const grad = new Float64Array(params.length);
	const biasAt = width * classes;
	const logits = new Float64Array(classes);
	const n = rows.length;
	for (const { input, target } of rows) {
		for (let c = 0; c < classes; c++) logits[c] = params[biasAt + c]!;
		for (let d = 0; d < width; d++) {
			const x = input[d]!;
			if (x === 0) continue; // hashed notes are mostly zeros
			for (let c = 0; c < classes; c++) logits[c] = logits[c]! + x * params[d * classes + c]!;
		}
		let max = -Infinity;
		for (let c = 0; c < classes; c++) max = Math.max(max, logits[c]!);
		let sum = 0;
		for (let c = 0; c < classes; c++) sum += logits[c] = Math.exp(logits[c]! - max);
		let mass = 0;
		for (let c = 0; c < classes; c++) mass += target[c]!;
		// d(-sum_c t_c log p_c)/dlogit_c = p_c * sum(t) - t_c
		for (let c = 0; c < classes; c++) logits[c] = ((logits[c]! / sum) * mass - target[c]!) / n;
		for (let c = 0; c < classes; c++) grad[biasAt + c] = grad[biasAt + c]! + logits[c]!;
		for (let d = 0; d < width; d++) {
			const x = input[d]!;
			if (x === 0) continue;
			for (let c = 0; c < classes; c++) grad[d * classes + c] = grad[d * classes + c]! + x * logits[c]!;
		}
	}
	for (let p = 0; p < biasAt; p++) grad[p] = grad[p]! + 2 * lambda * params[p]!;
	return grad;
}
