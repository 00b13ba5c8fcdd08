import { topIndex } from '../metrics/top-class';
import { auditedAccuracy } from './audit-picks';
import { calibrate, evidenceWeight, expectedCalibrationError, MIN_FIT, reliabilityBins, type Outcome, type ReliabilityBin } from './calibration';
import { ACT_KINDS, type ActKind, type Judgement, type MarkerKind, type TeachingHistory } from './teaching-history';

/** The confusion matrix and the reliability diagram describe the model as it is now: its newest judgements. */
export const RECENT = 500;
/** Judgements before and after an act that its effect is measured over. */
export const EFFECT_WINDOW = 10;
/** A held-out point on the curve rests on at least this many judgements (neighbouring stretches joined). */
const CURVE_MIN = 10;

export interface CurvePoint {
	labels: number;
	/** The share of labels the model had right before learning them, over the judgements up to here (at least CURVE_MIN). */
	heldOut: number | null;
	/** The audit picks up to here: the unbiased accuracy estimate and its 95% interval. */
	audit: { estimate: number; low: number; high: number; n: number } | null;
}

export interface Confusion {
	classIds: string[];
	/** counts[actual][suggested]. */
	counts: number[][];
	/** The samples in each cell, newest first. */
	samples: string[][][];
	/** Per class; null where nothing was suggested as (precision) or labelled as (recall) the class. */
	precision: (number | null)[];
	recall: (number | null)[];
	n: number;
}

export interface ActEffect {
	kind: ActKind;
	/** Acts of this kind recorded, and how many had judgements on both sides to be measured. */
	acts: number;
	measured: number;
	/** The mean change in held-out accuracy from the EFFECT_WINDOW judgements before the act to those after (null: none measured). */
	meanChange: number | null;
}

export interface Insights {
	/** Labels judged before they were learned, in all. */
	judged: number;
	curve: CurvePoint[];
	markers: { kind: MarkerKind; labels: number; version: number }[];
	confusion: Confusion;
	reliability: { bins: ReliabilityBin[]; ece: number; n: number };
	calibration: { temperature: number; fittedOn: number; labels: number; evidenceWeight: number };
	effects: ActEffect[];
	/** The backend the learner ran on (the worker adds it). */
	backend?: string;
}

/** What the teaching did, from its record (teaching-history.ts), in the project's current classes. */
export function buildInsights(history: TeachingHistory, classIds: readonly string[], labels: number): Insights {
	const recent = history.judged.slice(-RECENT);
	const calibration = { temperature: history.temperature, fittedOn: history.fittedOn, labels };
	return {
		judged: history.judgedTotal,
		curve: curveOf(history),
		markers: history.markers,
		confusion: confusionOf(recent, classIds),
		reliability: reliabilityOf(recent, history.temperature),
		calibration: { ...calibration, evidenceWeight: evidenceWeight(labels, classIds.length) },
		effects: effectsOf(history)
	};
}

function curveOf(history: TeachingHistory): CurvePoint[] {
	let [audits, auditsRight] = [0, 0];
	return history.curve.map((bucket, i) => {
		audits += bucket.audits;
		auditsRight += bucket.auditsRight;
		let [judged, right] = [0, 0];
		for (let j = i; j >= 0 && judged < CURVE_MIN; j--) [judged, right] = [judged + history.curve[j]!.judged, right + history.curve[j]!.right];
		const audit = auditedAccuracy(auditsRight, audits);
		return { labels: bucket.labels, heldOut: judged >= CURVE_MIN ? right / judged : null, audit };
	});
}

/** The model's top class for a judgement, as a class id. */
const suggestedOf = (j: Judgement) => j.classIds[topIndex(j.probs)]!;

function confusionOf(judged: readonly Judgement[], classIds: readonly string[]): Confusion {
	const index = new Map(classIds.map((id, i) => [id, i]));
	const k = classIds.length;
	const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
	const samples = Array.from({ length: k }, () => Array.from({ length: k }, () => [] as string[]));
	let n = 0;
	// Each sample once, as last judged.
	const seen = new Set<string>();
	for (let i = judged.length - 1; i >= 0; i--) {
		const j = judged[i]!;
		const [actual, suggested] = [index.get(j.classId), index.get(suggestedOf(j))];
		if (actual === undefined || suggested === undefined || seen.has(j.sampleId)) continue;
		seen.add(j.sampleId);
		counts[actual]![suggested]!++;
		samples[actual]![suggested]!.push(j.sampleId);
		n++;
	}
	const column = (c: number) => counts.reduce((sum, row) => sum + row[c]!, 0);
	const row = (c: number) => counts[c]!.reduce((a, b) => a + b, 0);
	return {
		classIds: [...classIds],
		counts,
		samples,
		precision: classIds.map((_, c) => (column(c) ? counts[c]![c]! / column(c) : null)),
		recall: classIds.map((_, c) => (row(c) ? counts[c]![c]! / row(c) : null)),
		n
	};
}

/** The confidence the app would have shown for each judgement (today's temperature, that day's evidence), and whether it was right. */
function reliabilityOf(judged: readonly Judgement[], temperature: number): Insights['reliability'] {
	const outcomes: Outcome[] = judged.map((j) => {
		const probs = calibrate(j.probs, { temperature, labels: j.labels, fittedOn: 0 });
		const top = topIndex(probs);
		return { confidence: probs[top]!, right: j.classIds[top] === j.classId };
	});
	return { bins: reliabilityBins(outcomes), ece: outcomes.length >= MIN_FIT ? expectedCalibrationError(outcomes) : NaN, n: outcomes.length };
}

function effectsOf(history: TeachingHistory): ActEffect[] {
	const first = history.judgedTotal - history.judged.length; // the all-time index of judged[0]
	const rightAt = (i: number) => (history.judged[i - first]!.right ? 1 : 0);
	const share = (from: number, to: number) => {
		let sum = 0;
		for (let i = from; i < to; i++) sum += rightAt(i);
		return sum / (to - from);
	};
	return ACT_KINDS.map((kind) => {
		const acts = history.acts.filter((a) => a.kind === kind);
		const changes = acts.filter((a) => a.at - EFFECT_WINDOW >= first && a.at + EFFECT_WINDOW <= history.judgedTotal).map((a) => share(a.at, a.at + EFFECT_WINDOW) - share(a.at - EFFECT_WINDOW, a.at));
		return { kind, acts: acts.length, measured: changes.length, meanChange: changes.length ? changes.reduce((a, b) => a + b, 0) / changes.length : null };
	});
}
