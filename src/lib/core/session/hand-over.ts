import { topIndex } from '../metrics/top-class';
import type { Architecture } from '../model/architecture';
import { BATCH_SIZE, OnlineLearner, type Example, type LearnerSettings } from '../model/online-learner';
import type { ModelContext } from './context';
import type { Lineage } from './lineage';
import type { SamplePool } from './pool';
import type { Scorer } from './scorer';
import { FOLDS, foldOf } from './out-of-sample';
import { earnsHandOver, type HandOverCheck } from './hand-over-rule';

/** Passes over the labels the new network may take to keep the live model's answers, in rounds. */
const ROUNDS = 3;
/**
 * After a check the new network lost, the next comes this many labels later, or a quarter more labels
 * once that is more: each check trains ten networks, which at thousands of labels takes seconds.
 */
export const CHECK_EVERY = 20;

/** Epochs of a round: at least `steps` optimiser steps (100, as a refit takes), and at least 10 passes. */
export function roundEpochs(labels: number, steps = 100): number {
	return Math.max(10, Math.ceil(steps / Math.ceil(labels / BATCH_SIZE)));
}

/** The record of a hand-over, for the Model panel and the audit trail. */
export interface HandOverRecord {
	from: string;
	to: string;
	/** Human labels when it happened. */
	labels: number;
	version: number;
}

/**
 * The few-label model's hand-over to the network that may learn more from many labels
 * (Architecture.handOver). From `atLabels` labels on, and then every CHECK_EVERY more, both kinds of
 * network are cross-validated on the human's labels (the label review's folds, each network trained
 * fresh on the others); the new one takes over only if it answered more of the held-out labels
 * rightly, and with a lower mean log loss on them (earnsHandOver). It is then trained on everything
 * the live model trains on, and put in place once it keeps the live model's answer on every labelled
 * sample it does not get right itself: no label the human saw answered well is answered worse at the
 * hand-over. It takes the next version number; undo goes
 * back across it. All of it runs in the background, giving way to the human's acts.
 */
export class HandOver {
	private retryAt = 0;
	/** The last hand-over, if any. */
	last: HandOverRecord | undefined;
	/** The last cross-validation: how many held-out labels each network answered rightly, of how many, and each one's mean log loss on them. */
	lastCheck: (HandOverCheck & { labels: number }) | undefined;

	constructor(
		private readonly context: ModelContext,
		private readonly pool: SamplePool,
		private readonly lineage: Lineage,
		private readonly scorer: Scorer
	) {}

	/** Whether the live model should hand over now. */
	get due(): boolean {
		const at = this.nextCheckAt;
		return at !== undefined && this.pool.labelledCount >= at;
	}

	/** The labels at which the next check comes; undefined when the live model hands over to nothing. */
	get nextCheckAt(): number | undefined {
		const next = this.context.architecture.handOver;
		return next && Math.max(next.atLabels, this.retryAt);
	}

	/** Trains the new network, pausing before each step, and puts it in place if it earned it; true when it did. */
	async *steps(): AsyncGenerator<void, boolean> {
		const next = this.context.architecture.handOver;
		if (!next || !this.due) return false;
		const { classIds, settings, architecture } = this.context;
		const training = this.pool.trainingPool();
		const labelled = this.pool.labelled();
		const [live, challenger] = [yield* crossValidated(architecture, labelled, classIds.length, settings), yield* crossValidated(next.to, labelled, classIds.length, settings)];
		// Only a check that ran to the end counts: one cut short by an act is made again at the next.
		this.lastCheck = { labels: labelled.length, live: live.right, next: challenger.right, liveLoss: live.loss, nextLoss: challenger.loss };
		this.retryAt = labelled.length + Math.max(CHECK_EVERY, Math.ceil(labelled.length / 4));
		if (!earnsHandOver(this.lastCheck)) return false;
		const candidate = OnlineLearner.create(classIds.length, settings, next.to);
		let placed = false;
		try {
			for (let round = 0; round < ROUNDS && !placed; round++) {
				yield* candidate.learnSteps(training, roundEpochs(labelled.length));
				placed = await keepsAnswers(this.context.learner, candidate, labelled);
			}
			if (!placed) return false;
			const from = this.context.architecture.id;
			this.context.replace(candidate);
			this.lineage.advance();
			// The new network's embeddings are another space: no score of the old one is kept.
			this.scorer.forget(this.pool.ids());
			this.last = { from, to: next.to.id, labels: labelled.length, version: this.lineage.version };
			return true;
		} finally {
			if (!placed) candidate.dispose();
		}
	}
}

/** Probabilities are clamped here before their logarithm: a float32 softmax can underflow to 0. */
const FLOOR = 1e-7;

/**
 * How many labels a fresh network of `architecture` answers rightly when trained on the other folds
 * (FOLDS-fold cross-validation by id), and its mean log loss on them (the cross-entropy of the true
 * class). Each fold's network takes at least `steps` optimiser steps.
 */
export async function* crossValidated(architecture: Architecture, labelled: readonly Example[], classes: number, settings: LearnerSettings, steps = 100): AsyncGenerator<void, { right: number; loss: number }> {
	let [right, loss, held] = [0, 0, 0];
	for (let fold = 0; fold < FOLDS; fold++) {
		const test = labelled.filter((e) => foldOf(e.id) === fold);
		const train = labelled.filter((e) => foldOf(e.id) !== fold);
		if (test.length === 0 || train.length === 0) continue;
		const learner = OnlineLearner.create(classes, settings, architecture);
		try {
			yield* learner.learnSteps(train, roundEpochs(train.length, steps));
			const probs = await learner.predict(test.map((e) => e.input));
			right += test.filter((e, i) => topIndex(probs, i * learner.classes, learner.classes) === e.label).length;
			test.forEach((e, i) => (loss -= Math.log(Math.max(probs[i * learner.classes + e.label]!, FLOOR))));
			held += test.length;
		} finally {
			learner.dispose();
		}
	}
	return { right, loss: held > 0 ? loss / held : 0 };
}

/** Whether `candidate` answers every labelled example either rightly or as `live` does. */
export async function keepsAnswers(live: OnlineLearner, candidate: OnlineLearner, labelled: readonly Example[]): Promise<boolean> {
	if (labelled.length === 0) return true;
	const inputs = labelled.map((e) => e.input);
	const [before, after] = [await live.predict(inputs), await candidate.predict(inputs)];
	const [k, j] = [live.classes, candidate.classes];
	return labelled.every((e, i) => {
		const now = topIndex(after, i * j, j);
		return now === e.label || now === topIndex(before, i * k, k);
	});
}
