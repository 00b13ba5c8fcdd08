import { seededRandom } from '../random';
import type { Sample } from '../types';

/**
 * How many labels the chosen strategy has saved against picking at random, estimated from the random
 * audit picks alone.
 *
 * Each audit pick is judged twice before the human answers: by the live model (which has learned from
 * every human label, `labels` of them at the time) and by the audit baseline, a model of the same kind
 * that has learned only from the earlier audit picks (`baselineLabels` of them), which is what picking
 * at random would have given. The picks are random, so both sets of outcomes are unbiased.
 *
 * The baseline's outcomes give random picking's learning curve, an inverse power law error = a·n^-b
 * (the model Figueroa et al. 2012 fit to predict the sample size a classifier needs). The live model's
 * outcomes then give one number k: its labels are worth k random ones each (its error at n labels is
 * the random curve's at k·n). One parameter is what a few dozen mostly-right outcomes can pin down;
 * random picking would need k·n labels for what the strategy has from n, so it saved (k-1)·n.
 *
 * The baseline has seen a tenth as many labels or so, so its curve is extended well past what it has
 * seen, and a few dozen audit picks leave the figure very uncertain: the 80% interval, from resampling
 * the audit picks, is what the UI leads with. On simulated projects with known curves it held the
 * true figure in about 80% of cases (tests/unit/core/active/labels-saved.test.ts).
 */
export interface AuditRecord {
	/** Human labels the live model had learned from when the pick was asked. */
	labels: number;
	right: boolean;
	/** Audit picks the baseline had learned from then. */
	baselineLabels: number;
	baselineRight: boolean;
}

type NoEstimate =
	| { kind: 'too-few'; audits: number; needed: number }
	/** The baseline is not (yet) getting better with more labels, so its curve cannot be extended. */
	| { kind: 'unclear'; audits: number };

export type Worth = NoEstimate | { kind: 'estimate'; k: number; low: number; high: number; audits: number };

export type LabelsSaved =
	| NoEstimate
	| {
			kind: 'estimate';
			/** Labels saved now (negative: the strategy did worse than random), and an 80% interval. */
			saved: number;
			low: number;
			high: number;
			/** True when the interval's top is the cap: random might need far more. */
			highCapped: boolean;
			/** How many labels random picking would need for the live model's current accuracy. */
			randomNeeds: number;
			labels: number;
			audits: number;
	  };

/** Audit picks with a baseline guess needed before an estimate is shown. */
export const MIN_AUDITS = 10;
const RESAMPLES = 100;
/** No estimate says random would need more than this many times the labels given (or fewer than 1/this). */
const CAP_FACTOR = 20;
/** Below this exponent random's curve is too flat to say anything about later labels. */
const MIN_EXPONENT = 0.05;
/** More than this share of resamples with a flat random curve, and no estimate is given. */
const UNCLEAR_SHARE = 0.25;

/** The audit picks the human has labelled whose baseline guess was recorded, as outcomes. */
export function auditRecords(samples: readonly Pick<Sample, 'classId' | 'labelledFrom'>[]): AuditRecord[] {
	const out: AuditRecord[] = [];
	for (const s of samples) {
		const from = s.labelledFrom;
		if (!s.classId || !from?.audit || from.labels === undefined || !from.baseline) continue;
		out.push({ labels: from.labels, right: from.suggested === s.classId, baselineLabels: from.baseline.labels, baselineRight: from.baseline.suggested === s.classId });
	}
	return out;
}

interface PowerLaw {
	a: number;
	b: number;
}

/**
 * error(n) = a·n^-b fitted to 0/1 outcomes at label counts `n` (those at n = 0 say nothing about a
 * curve in n and are left out): the outcomes are grouped in up to six bins of equal size, each bin's
 * error smoothed by half a count, and a line fitted to log error against log n weighted by bin size.
 */
export function fitPowerLaw(points: readonly { n: number; right: boolean }[]): PowerLaw | null {
	const sorted = points.filter((p) => p.n >= 1).sort((x, y) => x.n - y.n);
	const bins = Math.min(6, Math.floor(sorted.length / 3));
	if (bins < 2) return null;
	const rows: { x: number; y: number; w: number }[] = [];
	for (let b = 0; b < bins; b++) {
		const bin = sorted.slice(Math.floor((b * sorted.length) / bins), Math.floor(((b + 1) * sorted.length) / bins));
		const wrong = bin.filter((p) => !p.right).length;
		const logN = bin.reduce((sum, p) => sum + Math.log(p.n), 0) / bin.length;
		rows.push({ x: logN, y: Math.log((wrong + 0.5) / (bin.length + 1)), w: bin.length });
	}
	const weight = rows.reduce((s, r) => s + r.w, 0);
	const mx = rows.reduce((s, r) => s + r.w * r.x, 0) / weight;
	const my = rows.reduce((s, r) => s + r.w * r.y, 0) / weight;
	const sxx = rows.reduce((s, r) => s + r.w * (r.x - mx) ** 2, 0);
	if (sxx < 1e-9) return null; // every outcome at about one label count: no slope to see
	const slope = rows.reduce((s, r) => s + r.w * (r.x - mx) * (r.y - my), 0) / sxx;
	return { a: Math.exp(my - slope * mx), b: -slope };
}

/**
 * How many random labels each of the strategy's labels is worth: the k for which the random curve at
 * k·n best explains the live model's outcomes (maximum likelihood, golden-section search on log k).
 */
function worth(records: readonly AuditRecord[], random: PowerLaw): number {
	// Half a wrong answer at the latest label count: with every audit pick right, the live model's
	// error could be anything down to 0 and k would run off to the cap; this keeps it finite, erring
	// towards fewer labels saved.
	const latest = Math.max(1, ...records.map((r) => r.labels));
	const errorAt = (logK: number, labels: number) => Math.min(1 - 1e-4, Math.max(1e-4, random.a * (Math.exp(logK) * Math.max(1, labels)) ** -random.b));
	const logLikelihood = (logK: number) => {
		let sum = 0.5 * Math.log(errorAt(logK, latest)) + 0.5 * Math.log(1 - errorAt(logK, latest));
		for (const r of records) sum += Math.log(r.right ? 1 - errorAt(logK, r.labels) : errorAt(logK, r.labels));
		return sum;
	};
	let [lo, hi] = [Math.log(1 / CAP_FACTOR), Math.log(CAP_FACTOR)];
	const golden = (Math.sqrt(5) - 1) / 2;
	for (let i = 0; i < 30; i++) {
		const [x1, x2] = [hi - golden * (hi - lo), lo + golden * (hi - lo)];
		if (logLikelihood(x1) < logLikelihood(x2)) lo = x1;
		else hi = x2;
	}
	return Math.exp((lo + hi) / 2);
}

/** k for these outcomes; null while random's curve is flat (it cannot be extended then). */
function worthOf(records: readonly AuditRecord[]): number | null {
	const random = fitPowerLaw(records.map((r) => ({ n: r.baselineLabels, right: r.baselineRight })));
	if (!random || random.b < MIN_EXPONENT) return null;
	return worth(records, random);
}

/**
 * What the audit picks say each of the strategy's labels is worth in random ones (k), with an 80%
 * interval from resampling them; deterministic for a given `seed`. The costly part: it changes only
 * when an audit pick is answered, so callers keep it and ask `labelsSaved` after every label.
 */
export function strategyWorth(records: readonly AuditRecord[], seed = 1): Worth {
	const audits = records.length;
	if (audits < MIN_AUDITS) return { kind: 'too-few', audits, needed: MIN_AUDITS };
	const k = worthOf(records);
	const random = seededRandom(seed);
	const resampled: number[] = [];
	let flat = 0;
	for (let i = 0; i < RESAMPLES; i++) {
		const found = worthOf(records.map(() => records[Math.floor(random() * audits)]!));
		if (found === null) flat++;
		resampled.push(found ?? CAP_FACTOR); // a flat random curve: random might never get there
	}
	if (k === null || flat > RESAMPLES * UNCLEAR_SHARE) return { kind: 'unclear', audits };
	resampled.sort((x, y) => x - y);
	const at = (q: number) => resampled[Math.min(RESAMPLES - 1, Math.floor(q * RESAMPLES))]!;
	return { kind: 'estimate', k, low: at(0.1), high: at(0.9), audits };
}

/** Labels saved by a project with `labels` human labels now: random would need k·labels, so (k-1)·labels. */
export function labelsSaved(worth: Worth, labels: number): LabelsSaved {
	if (worth.kind !== 'estimate') return worth;
	return {
		kind: 'estimate',
		saved: Math.round((worth.k - 1) * labels),
		low: Math.round((worth.low - 1) * labels),
		high: Math.round((worth.high - 1) * labels),
		highCapped: worth.high >= CAP_FACTOR * 0.999,
		randomNeeds: Math.round(worth.k * labels),
		labels,
		audits: worth.audits
	};
}
