/**
 * Signal fusion: a project's event log and its samples' labels become at most one weighted training
 * target per sample. These are the product's promises to the human:
 *
 * 1. An explicit label always wins. A sample labelled now is taught exactly that label, with weight
 *    `weights.label`; its ratings and implicit signals are ignored, however many and however heavy.
 *    The stored samples' labels are the truth here (undo and bulk edits included), not the log.
 * 2. Without a label, ratings decide. Thumbs up on c: for c with `weights.rating`; thumbs down on c:
 *    against c with `weights.rating`; "more / less like this" the same with `weights.similar`. A
 *    `sample.reject` ("not this class") is a thumbs down. The human's latest rating of a class replaces
 *    their earlier ones on that class (up, then down on c: down); ratings of other classes add up.
 * 3. Without a label or a rating, implicit signals add weak evidence: accept, dwell and hover for
 *    their class, skip and ignore against the class shown, each weighted by its setting times
 *    0.5^(age hours / halfLifeHours). Per class they are netted and capped at a rating's weight
 *    (implicit-evidence.ts), so implicit evidence alone never outweighs a thumbs up or down.
 * 4. A weight of 0 turns its kind off: no target from it, and it does not count as driving training.
 *    Turning a kind off does not hand the sample down to a weaker kind: a labelled sample with labels
 *    off gets no target, rather than being taught by ratings that may contradict its label.
 *
 * What a target says: `positive[c]` is the weight of "this sample is c", `negative[c]` the weight of
 * "this sample is not c"; a class carries one or the other, never both. `weight` is their sum, the
 * sample's weight in the loss relative to a labelled example at weight 1 (training-target.ts turns a
 * target into the learner's row). Events about samples that are no longer stored are ignored.
 */
import type { Rating, SignalWeights, StoredEvent } from '../types';
import { implicitEvidence, type ImplicitAct } from './implicit-evidence';
import { emptyCounts, type FusionCounts } from './signal-counts';

export { trainingTarget } from './training-target';
export type { FusionCounts, SignalCounts, SignalKind } from './signal-counts';

export interface FusedTarget {
	sampleId: string;
	/** The kind of signal the target comes from: the strongest kind the sample has. */
	kind: 'label' | 'rating' | 'implicit';
	weight: number;
	positive: Record<string, number>;
	negative: Record<string, number>;
}

export interface FusionInput {
	/** The project's events in log order; only sample.label, .rate, .signal and .reject are read. */
	events: readonly StoredEvent[];
	/** Every stored sample's current explicit label (undefined: unlabelled). */
	labels: ReadonlyMap<string, string | undefined>;
	weights: SignalWeights;
	/** Now, in ms since the epoch: implicit signals decay with their age. */
	now: number;
}

export interface Fusion {
	/** By sample id, for the samples that have a target. */
	targets: Map<string, FusedTarget>;
	counts: FusionCounts;
}

export function fuseSignals({ events, labels, weights, now }: FusionInput): Fusion {
	const counts: FusionCounts = { seen: emptyCounts(), driving: emptyCounts() };
	const ratings = new Map<string, Map<string, Rating>>(); // sample -> class -> its latest rating
	const implicit = new Map<string, ImplicitAct[]>();
	for (const event of events) {
		if (event.type !== 'sample.rate' && event.type !== 'sample.reject' && event.type !== 'sample.signal') continue;
		if (!labels.has(event.sampleId)) continue;
		if (event.type === 'sample.signal') {
			counts.seen[event.signal]++;
			append(implicit, event.sampleId, { signal: event.signal, classId: event.classId, at: event.at });
		} else {
			const rating: Rating = event.type === 'sample.reject' ? 'down' : event.rating;
			counts.seen[rating]++;
			ratings.set(event.sampleId, (ratings.get(event.sampleId) ?? new Map<string, Rating>()).set(event.classId, rating));
		}
	}

	const targets = new Map<string, FusedTarget>();
	const keep = (target: FusedTarget) => {
		target.weight = sum(target.positive) + sum(target.negative);
		if (target.weight > 0) targets.set(target.sampleId, target);
		return target.weight > 0;
	};
	for (const [sampleId, label] of labels) {
		if (label != null) {
			counts.seen.label++;
			if (keep({ sampleId, kind: 'label', weight: 0, positive: { [label]: weights.label }, negative: {} })) counts.driving.label++;
			continue;
		}
		const rated = ratings.get(sampleId);
		if (rated) {
			const target: FusedTarget = { sampleId, kind: 'rating', weight: 0, positive: {}, negative: {} };
			for (const [classId, rating] of rated) {
				const weight = rating === 'up' || rating === 'down' ? weights.rating : weights.similar;
				if (!(weight > 0)) continue;
				(rating === 'up' || rating === 'more' ? target.positive : target.negative)[classId] = weight;
				counts.driving[rating]++;
			}
			keep(target);
			continue;
		}
		const acts = implicit.get(sampleId);
		if (!acts) continue;
		const { positive, negative, driving } = implicitEvidence(acts, weights, now);
		if (keep({ sampleId, kind: 'implicit', weight: 0, positive, negative })) for (const signal of driving) counts.driving[signal]++;
	}
	return { targets, counts };
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

function sum(values: Record<string, number>): number {
	return Object.values(values).reduce((total, v) => total + v, 0);
}
