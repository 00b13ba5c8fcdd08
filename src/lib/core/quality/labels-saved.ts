import { seededRandom } from '../random';
import type { Sample } from '../types';

/**
 * How many labels the chosen strategy has saved against picking at random, estimated from the random
 * audit picks alone.
 *
 * Each audit pick is judged twice before the human answers: by the live model (which has learned from
 * every human label, `labels` of them at the time) and by the audit baseline, a model of the same kind
 * that has learned only from the earlier audit picks (`baselineLabels` of them): what picking at
 * random would have given. The picks are random, so both sets of outcomes are unbiased.
 *
 * Random picking's learning curve is taken to be an inverse power law, error = a·m^-b (the model
 * Figueroa et al. 2012 fit to predict the sample size a classifier needs). The baseline has seen only
 * the audit picks, a tenth of the labels or so, so its curve must be extended far past what it has
 * seen; a point fit did that badly (it claimed thousands of labels saved for random picking itself).
 * So every curve on a grid of (a, b) is weighed by how well it explains the baseline's outcomes, each
 * says how many random labels would give the live model's current error (read from the live model's
 * own outcomes), and the weighted spread of those answers is the estimate: its median and its 80%
 * interval. With few audit picks the interval is wide, and the UI says so before it gives a number.
 * The baseline's outcomes before it has seen one label per class are left out: a model that has not
 * met every class yet is not on a power law.
 */
export interface AuditRecord {
	/** Human labels the live model had learned from when the pick was asked. */
	labels: number;
	right: boolean;
	/** Audit picks the baseline had learned from then. */
	baselineLabels: number;
	baselineRight: boolean;
}

export type LabelsSaved =
	| { kind: 'too-few'; audits: number; needed: number }
	/** The live model's outcomes show no learning curve yet (too few, or all at one label count). */
	| { kind: 'unclear'; audits: number }
	| {
			kind: 'estimate';
			/** Labels saved now (negative: the strategy did worse than random): the median and an 80% interval. */
			saved: number;
			low: number;
			high: number;
			/** True when the interval's top is the cap: random might need far more. */
			highCapped: boolean;
			labels: number;
			audits: number;
	  };

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

/** Baseline outcomes (after it has seen one label per class) needed before an estimate is shown. */
export const MIN_TAUGHT = 5;
/** No estimate says random would need more than this many times the labels given. */
const CAP_FACTOR = 20;
/** Resamples of the live model's outcomes: its current error is uncertain too. */
const LIVE_RESAMPLES = 40;
const GRID = 40;
const GRID_A = { min: 0.05, max: 20 };
const GRID_B = { min: 0.05, max: 1.5 };

/** An error rate kept away from 0 and 1, so one outcome never rules a curve out entirely. */
const bounded = (error: number) => Math.min(0.95, Math.max(1e-3, error));

/** The live model's learning curve in each resample of its outcomes (the first is the outcomes as they are). */
function liveCurves(records: readonly AuditRecord[], seed: number): PowerLaw[] {
	const random = seededRandom(seed);
	const out: PowerLaw[] = [];
	for (let i = 0; i < LIVE_RESAMPLES; i++) {
		const drawn = i === 0 ? records : records.map(() => records[Math.floor(random() * records.length)]!);
		const fit = fitPowerLaw(drawn.map((r) => ({ n: r.labels, right: r.right })));
		if (fit) out.push(fit);
	}
	return out;
}

/** Each (a, b) on the grid, weighed by the likelihood of the baseline's outcomes (the largest is 1). */
function randomCurves(taught: readonly AuditRecord[]): { a: number; b: number; weight: number }[] {
	const curves: { a: number; b: number; logLikelihood: number }[] = [];
	for (let i = 0; i < GRID; i++) {
		const a = GRID_A.min * (GRID_A.max / GRID_A.min) ** (i / (GRID - 1));
		for (let j = 0; j < GRID; j++) {
			const b = GRID_B.min + ((GRID_B.max - GRID_B.min) * j) / (GRID - 1);
			let logLikelihood = 0;
			for (const r of taught) {
				const error = bounded(a * r.baselineLabels ** -b);
				logLikelihood += Math.log(r.baselineRight ? 1 - error : error);
			}
			curves.push({ a, b, logLikelihood });
		}
	}
	const best = Math.max(...curves.map((c) => c.logLikelihood));
	return curves.map(({ a, b, logLikelihood }) => ({ a, b, weight: Math.exp(logLikelihood - best) }));
}

/** What the audit outcomes say, before it is read at a label count: it changes only when an audit pick is answered. */
export type AuditEvidence =
	| Exclude<LabelsSaved, { kind: 'estimate' }>
	| { kind: 'evidence'; audits: number; live: PowerLaw[]; random: { a: number; b: number; weight: number }[] };

/**
 * The costly part of the estimate, from the audit outcomes of a project with `classes` classes: the
 * live model's curves and random picking's weighed grid. Deterministic for a given `seed`.
 */
export function auditEvidence(records: readonly AuditRecord[], classes: number, seed = 1): AuditEvidence {
	const audits = records.length;
	const taught = records.filter((r) => r.baselineLabels >= Math.max(1, classes));
	// The first `classes` audit picks teach the baseline before its outcomes count.
	if (taught.length < MIN_TAUGHT) return { kind: 'too-few', audits, needed: Math.max(audits, classes) + MIN_TAUGHT - taught.length };
	const live = liveCurves(records, seed);
	if (live.length < LIVE_RESAMPLES / 2) return { kind: 'unclear', audits };
	return { kind: 'evidence', audits, live, random: randomCurves(taught).filter((c) => c.weight >= 1e-6) };
}

/**
 * Labels saved by a project with `labels` human labels now: the median and 80% interval of (labels
 * random picking would need for the live model's current error) − labels.
 */
export function savedAt(evidence: AuditEvidence, labels: number): LabelsSaved {
	if (evidence.kind !== 'evidence') return evidence;
	const errors = evidence.live.map((fit) => bounded(fit.a * labels ** -fit.b));
	const cap = CAP_FACTOR * labels;
	const answers: { saved: number; weight: number }[] = [];
	for (const curve of evidence.random) {
		for (const error of errors) answers.push({ saved: Math.min(cap, (curve.a / error) ** (1 / curve.b)) - labels, weight: curve.weight });
	}
	answers.sort((x, y) => x.saved - y.saved);
	const total = answers.reduce((sum, x) => sum + x.weight, 0);
	const quantile = (q: number) => {
		let below = 0;
		for (const x of answers) if ((below += x.weight) >= q * total) return Math.round(x.saved);
		return Math.round(answers.at(-1)!.saved);
	};
	const high = quantile(0.9);
	return { kind: 'estimate', saved: quantile(0.5), low: quantile(0.1), high, highCapped: high >= cap - labels, labels, audits: evidence.audits };
}

/** Both steps at once (the bench, the tests): labels saved at `labels` labels, from the audit outcomes. */
export function labelsSaved(records: readonly AuditRecord[], labels: number, classes: number, seed = 1): LabelsSaved {
	return savedAt(auditEvidence(records, classes, seed), labels);
}
