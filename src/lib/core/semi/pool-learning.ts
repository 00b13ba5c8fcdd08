import type { ModelInput } from '../model/architecture';
import type { Example } from '../model/training-batch';

/** The ways a model can learn from the samples nobody labelled (registry.ts), and switching it off. */
export type PoolLearningId = 'pseudo-labels' | 'label-propagation';
export type PoolLearningChoice = PoolLearningId | 'off';

/**
 * What a target from the pool weighs against a human label (1): a half. The loss is linear in the
 * target row (training-batch.ts), so such a sample pulls half as hard as a labelled one. On digits (al
 * bench, 3 seeds, accuracy at 40 labels) a third with 16 pool samples a step gave 0.917, a half with
 * 32 (and 24 idle steps) 0.959; a weight of 1 would make a guess count as much as a human's answer.
 */
export const POOL_WEIGHT = 1 / 2;
/** POOL_WEIGHT as the panels say it. */
export const POOL_WEIGHT_WORDS = 'half a label';
/** At most this many samples from the pool at a time, shared evenly between the classes. */
export const MAX_POOL_TARGETS = 1000;

/** A sample as the model last scored it: its input, its raw probabilities and its embedding. */
export interface ScoredSample {
	id: string;
	input: ModelInput;
	raw: Float32Array;
	embedding: Float32Array;
}

/** What a method sees: the human's labels (with their scores) and the unlabelled samples the model has scored. */
export interface PoolView {
	labelled: readonly (ScoredSample & { label: number })[];
	unlabelled: readonly ScoredSample[];
	classes: number;
}

/**
 * One way of learning from the unlabelled pool. `targets` gives examples to mix into the idle steps,
 * each with a target row summing to POOL_WEIGHT: never labels, never stored, never counted as labels,
 * made again from the latest scores at every act. None until two classes have human labels.
 */
export interface PoolLearning {
	id: PoolLearningId;
	/** Its name, as the Control panel lists it. */
	name: string;
	/** What it learns from, as the panels say it ("the unlabelled samples it is at least 95% sure of"). */
	samples: string;
	targets(view: PoolView): Example[];
}

/** A weighted one-hot target for class `c`. */
export function poolTarget(c: number, classes: number): Float32Array {
	const row = new Float32Array(classes);
	row[c] = POOL_WEIGHT;
	return row;
}

/** The classes with at least one human label. */
export function labelledClasses(view: PoolView): Set<number> {
	return new Set(view.labelled.map((s) => s.label));
}

/**
 * The most confident candidates, at most MAX_POOL_TARGETS shared evenly between the classes (a class
 * the model likes must not crowd the others out), one per distinct input, none a copy of a labelled
 * sample (it is already taught as labelled), as examples with weighted targets.
 */
export function pickTargets(view: PoolView, candidates: { sample: ScoredSample; label: number; confidence: number }[]): Example[] {
	const taken = new Set(view.labelled.map((s) => inputKey(s.input)));
	const perClass = Math.ceil(MAX_POOL_TARGETS / Math.max(1, labelledClasses(view).size));
	const counts = new Map<number, number>();
	const out: Example[] = [];
	for (const { sample, label } of [...candidates].sort((a, b) => b.confidence - a.confidence)) {
		if ((counts.get(label) ?? 0) >= perClass) continue; // before hashing: a pool of 50,000 is not hashed whole
		const key = inputKey(sample.input);
		if (taken.has(key)) continue;
		taken.add(key);
		counts.set(label, (counts.get(label) ?? 0) + 1);
		out.push({ id: sample.id, input: sample.input, label: -1, target: poolTarget(label, view.classes) });
	}
	return out;
}

/** A key that two equal inputs share (FNV-1a over the values). */
function inputKey(input: ModelInput): string {
	let h = 2166136261;
	for (let i = 0; i < input.length; i++) h = Math.imul(h ^ Math.round(input[i]! * 1000), 16777619);
	return `${input.length}:${h >>> 0}`;
}
