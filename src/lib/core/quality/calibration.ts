/**
 * Confidence that means what it says. A network's softmax is overconfident, most of all early on
 * (3 labels gave "zero 100%" for a "1"). Two corrections, applied in this order to every shown
 * probability, the threshold and the queue:
 * 1. temperature scaling (Guo et al. 2017, "On Calibration of Modern Neural Networks"): p^(1/T),
 *    renormalised, which is softmax(logits / T) and never changes the arg-max; T is fitted on
 *    labels judged before the model learned them. The random audit picks are a fair sample of the
 *    pool and count whole; the queue's own picks are its hard cases (near the boundary, unlike the
 *    rest), whose accuracy says little of a typical sample's, and count a tenth (QUEUE_WEIGHT);
 * 2. evidence shrinkage: with n labels over C classes the result is mixed with uniform, weight
 *    n / (n + C/4) on the model, so that 3 labels never give 100% and the shrinkage fades as
 *    labels accumulate.
 * Chosen with `npm run bench -- calibration` on digits and iris (README), against every judged
 * label counting whole, audit picks alone, shrinkage by n / (n + 1), n / (n + 2) and n / (n + C/2).
 */

export interface Calibration {
	temperature: number;
	/** Human labels the model had learned: how far the shrinkage trusts it. */
	labels: number;
	/** How many judged labels the temperature was fitted on (0: none, T = 1). */
	fittedOn: number;
}

export const UNFITTED: Calibration = { temperature: 1, labels: 0, fittedOn: 0 };

/** One label the model was asked about before it learned it: its raw probabilities, the true class's index, and whether it was a random audit pick. */
export interface Judged {
	probs: ArrayLike<number>;
	label: number;
	audit: boolean;
}

/** What one of the queue's own picks weighs in the temperature's fit, against an audit pick's 1. */
export const QUEUE_WEIGHT = 0.1;

/** Ten equal-width confidence bins, as the expected calibration error is usually reported. */
export const BINS = 10;
/** The judged labels a temperature is fitted on at most: the newest, as the model drifts while it learns. */
export const FIT_WINDOW = 400;
/** Fewer judged labels than this leave T at 1 (the shrinkage alone). */
export const MIN_FIT = 10;
/** Probabilities are clamped here before their logarithm: a softmax in float32 can underflow to 0. */
const FLOOR = 1e-12;

/** The weight the model's own distribution keeps against uniform, on `labels` human labels of `classes` classes. */
export function evidenceWeight(labels: number, classes: number): number {
	return labels <= 0 ? 0 : labels / (labels + Math.max(0.5, classes / 4));
}

/** Calibrated probabilities, written into `out` (same length as `probs`). */
export function calibrate(probs: ArrayLike<number>, calibration: Calibration, out: Float32Array = new Float32Array(probs.length)): Float32Array {
	const classes = probs.length;
	if (classes === 0) return out;
	const inverse = 1 / calibration.temperature;
	let max = -Infinity;
	for (let c = 0; c < classes; c++) max = Math.max(max, Math.log(Math.max(probs[c]!, FLOOR)) * inverse);
	let sum = 0;
	for (let c = 0; c < classes; c++) sum += out[c] = Math.exp(Math.log(Math.max(probs[c]!, FLOOR)) * inverse - max);
	const weight = evidenceWeight(calibration.labels, classes);
	for (let c = 0; c < classes; c++) out[c] = (weight * out[c]!) / sum + (1 - weight) / classes;
	return out;
}

/**
 * The temperature that best explains the judged labels (the newest FIT_WINDOW): the maximum
 * a-posteriori T under a log-normal prior around 1, so that a few judged labels move it little. A
 * golden-section search on log T in [0, ln 12]: never below 1. A fit that would sharpen the model
 * came from a few judged labels being right (on digits at 20 labels one gave T = 0.72 and 19 wrong
 * auto-accepts of 279); a network's own failing is overconfidence, and calibration never makes it
 * surer than it says.
 */
export function fitTemperature(judged: readonly Judged[]): number {
	const recent = judged.slice(-FIT_WINDOW);
	if (recent.length < MIN_FIT) return 1;
	const logs = recent.map((j) => Array.from(j.probs, (p) => Math.log(Math.max(p, FLOOR))));
	const cost = (logT: number) => {
		const inverse = Math.exp(-logT);
		let nll = (logT * logT) / (2 * PRIOR_SD ** 2);
		recent.forEach((j, i) => {
			const row = logs[i]!;
			let max = -Infinity;
			for (const l of row) max = Math.max(max, l * inverse);
			let sum = 0;
			for (const l of row) sum += Math.exp(l * inverse - max);
			nll -= (j.audit ? 1 : QUEUE_WEIGHT) * (row[j.label]! * inverse - max - Math.log(sum));
		});
		return nll;
	};
	return Math.exp(goldenMinimum(cost, 0, Math.log(12)));
}

/** The prior's spread on log T: 95% of it lies between T = 0.14 and 7 (a narrower 0.5 held T too near 1 at 20 labels on digits). */
const PRIOR_SD = 1;

/** The minimum of a unimodal `f` on [low, high], by golden-section search. */
function goldenMinimum(f: (x: number) => number, low: number, high: number, steps = 40): number {
	const ratio = (Math.sqrt(5) - 1) / 2;
	let [a, b] = [low, high];
	let [c, d] = [b - ratio * (b - a), a + ratio * (b - a)];
	let [fc, fd] = [f(c), f(d)];
	for (let i = 0; i < steps; i++) {
		if (fc < fd) {
			[b, d, fd] = [d, c, fc];
			c = b - ratio * (b - a);
			fc = f(c);
		} else {
			[a, c, fc] = [c, d, fd];
			d = a + ratio * (b - a);
			fd = f(d);
		}
	}
	return (a + b) / 2;
}

/** A prediction's top confidence and whether it was right. */
export interface Outcome {
	confidence: number;
	right: boolean;
}

export interface ReliabilityBin {
	low: number;
	high: number;
	count: number;
	/** Mean confidence and share right in the bin (NaN when empty). */
	confidence: number;
	accuracy: number;
}

/** Outcomes in `bins` equal-width bins of confidence; the last bin includes 1. */
export function reliabilityBins(outcomes: readonly Outcome[], bins = BINS): ReliabilityBin[] {
	const out = Array.from({ length: bins }, (_, b) => ({ low: b / bins, high: (b + 1) / bins, count: 0, sumConfidence: 0, right: 0 }));
	for (const { confidence, right } of outcomes) {
		const bin = out[Math.min(bins - 1, Math.max(0, Math.floor(confidence * bins)))]!;
		bin.count++;
		bin.sumConfidence += confidence;
		if (right) bin.right++;
	}
	return out.map(({ low, high, count, sumConfidence, right }) => ({ low, high, count, confidence: count ? sumConfidence / count : NaN, accuracy: count ? right / count : NaN }));
}

/** The expected calibration error: the count-weighted mean gap between confidence and accuracy over the bins (NaN with no outcomes). */
export function expectedCalibrationError(outcomes: readonly Outcome[], bins = BINS): number {
	if (outcomes.length === 0) return NaN;
	return reliabilityBins(outcomes, bins).reduce((sum, b) => (b.count ? sum + (b.count / outcomes.length) * Math.abs(b.accuracy - b.confidence) : sum), 0);
}
