/**
 * What the teaching did, as the learner saw it happen, kept with the model so that it survives a
 * reload: each label judged before the model learned it (the honest held-out figure, and what
 * calibration is fitted on), the kinds of act that made new versions, and the moments worth marking
 * on the learning curve. Bounded, so that a project of 50,000 labels saves as fast as one of 50.
 */

/** A label the model was asked about before it learned it. */
export interface Judgement {
	sampleId: string;
	/** The human's class. */
	classId: string;
	/** The class of each of `probs`, as the model's outputs were then. */
	classIds: readonly string[];
	/** The model's raw (uncalibrated) probabilities. */
	probs: Float32Array;
	/** Whether its top class was the human's. */
	right: boolean;
	/** Human labels the model had learned when it judged this one. */
	labels: number;
	version: number;
	/** A random audit pick: what the queue's unbiased estimate rests on. */
	audit: boolean;
}

/** The kinds of act whose effect on the held-out figure the insights compare. */
export type ActKind = 'label' | 'correction' | 'rating' | 'implicit' | 'painting';
export const ACT_KINDS: readonly ActKind[] = ['label', 'correction', 'rating', 'implicit', 'painting'];
/** What the learning curve marks. */
export type MarkerKind = 'explanation' | 'rollback' | 'import';

/** Judged labels over a stretch of the curve. */
export interface CurveBucket {
	/** Labels learned at the stretch's last judgement. */
	labels: number;
	judged: number;
	right: number;
	audits: number;
	auditsRight: number;
}

export interface TeachingHistory {
	/** The newest judgements, oldest first (MAX_JUDGED at most). */
	judged: Judgement[];
	/** How many labels were ever judged: judgement i of all time is judged[i - (judgedTotal - judged.length)]. */
	judgedTotal: number;
	/** The whole curve, in stretches of `bucketSize` judgements (doubled whenever there are MAX_BUCKETS). */
	curve: CurveBucket[];
	bucketSize: number;
	/** Acts that made a version, each with how many judgements came before it (MAX_EVENTS newest). */
	acts: { kind: ActKind; at: number }[];
	markers: { kind: MarkerKind; labels: number; version: number }[];
	/** The temperature in force (core/quality/calibration.ts) and how many judged labels it was fitted on. */
	temperature: number;
	fittedOn: number;
}

export const MAX_JUDGED = 1500;
export const MAX_BUCKETS = 120;
const MAX_EVENTS = 1500;
const FIRST_BUCKET = 2;

export function emptyHistory(): TeachingHistory {
	return { judged: [], judgedTotal: 0, curve: [], bucketSize: FIRST_BUCKET, acts: [], markers: [], temperature: 1, fittedOn: 0 };
}

/** Adds a judgement (in place): the newest are kept whole, every one counts on the curve. */
export function addJudgement(history: TeachingHistory, judgement: Judgement): void {
	history.judged.push(judgement);
	if (history.judged.length > MAX_JUDGED) history.judged.splice(0, history.judged.length - MAX_JUDGED);
	history.judgedTotal++;
	let last = history.curve.at(-1);
	if (!last || last.judged >= history.bucketSize) {
		last = { labels: judgement.labels, judged: 0, right: 0, audits: 0, auditsRight: 0 };
		history.curve.push(last);
	}
	last.labels = judgement.labels;
	last.judged++;
	if (judgement.right) last.right++;
	if (judgement.audit) {
		last.audits++;
		if (judgement.right) last.auditsRight++;
	}
	if (history.curve.length > MAX_BUCKETS) mergeBuckets(history);
}

/** Halves the curve's resolution: each two neighbouring stretches become one. */
function mergeBuckets(history: TeachingHistory): void {
	const merged: CurveBucket[] = [];
	for (let i = 0; i < history.curve.length; i += 2) {
		const [a, b] = [history.curve[i]!, history.curve[i + 1]];
		merged.push(b ? { labels: b.labels, judged: a.judged + b.judged, right: a.right + b.right, audits: a.audits + b.audits, auditsRight: a.auditsRight + b.auditsRight } : a);
	}
	history.curve = merged;
	history.bucketSize *= 2;
}

export function addAct(history: TeachingHistory, kind: ActKind): void {
	history.acts.push({ kind, at: history.judgedTotal });
	if (history.acts.length > MAX_EVENTS) history.acts.splice(0, history.acts.length - MAX_EVENTS);
}

export function addMarker(history: TeachingHistory, kind: MarkerKind, labels: number, version: number): void {
	history.markers.push({ kind, labels, version });
	if (history.markers.length > MAX_EVENTS) history.markers.splice(0, history.markers.length - MAX_EVENTS);
}
