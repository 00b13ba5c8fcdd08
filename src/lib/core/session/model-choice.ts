import { IMAGE_CNN } from '../model/architecture';
import { DEFAULT_LEARNER_SETTINGS, HEAD_LEARNER_SETTINGS, OnlineLearner, type Example, type LearnerSettings } from '../model/online-learner';
import type { ModelContext } from './context';
import { crossValidated, roundEpochs } from './hand-over';
import type { Lineage } from './lineage';
import type { SamplePool } from './pool';
import type { Scorer } from './scorer';
import type { ModelChoiceCheck } from '../types';
import { CHECK_EVERY, FIRST_CHECK, pixelsWin } from './model-choice-rule';

/**
 * Optimiser steps of each fold's CNN in a check: on the digits as pictures (al bench) 100 steps left
 * it at 7, 11 and 17 right of 20, 30 and 40 held-out labels, 300 at 7, 12 and 20 (the backbone's head
 * 4, 9, 15); in the app a CNN has taken some 25 steps an act by then.
 */
const CNN_STEPS = 300;

/** Passes over the labels the CNN takes before it is put in place (each of roundEpochs): as a hand-over's three rounds. */
const PLACE_ROUNDS = 3;

/**
 * The model choice of a picture project whose model is chosen by measurement: it starts as a head on
 * the built-in backbone, and from FIRST_CHECK labels on, in the background, the live head and the
 * small CNN on the pictures' 32x32 pixels are both cross-validated on the human's labels (the same
 * folds, each network trained fresh on the others, as the hand-over's check: hand-over.ts). The CNN
 * takes over only if it answered clearly more held-out labels rightly (pixelsWin): tiny grey digits
 * and drawings may be better on their pixels, photos are not. It is then trained on every label and
 * put in place as the next version; the page records the choice on the project (which then opens on
 * the pixels) with its figures. A project whose model the human chose is never checked.
 */
export class ModelChoice {
	/** Whether this project's model is chosen by measurement (ProjectSession.open's `measureModel`). */
	enabled = false;
	private retryAt = FIRST_CHECK;
	/** The last check's figures, for the Model panel and the audit trail. */
	last: ModelChoiceCheck | undefined;

	constructor(
		private readonly context: ModelContext,
		private readonly pool: SamplePool,
		private readonly lineage: Lineage,
		private readonly scorer: Scorer
	) {}

	/** Whether a check is due now: on an extractor, with enough labels of two classes. */
	get due(): boolean {
		if (!this.enabled || !this.context.features || this.pool.labelledCount < this.retryAt) return false;
		const perClass = new Map<number, number>();
		for (const e of this.pool.labelled()) perClass.set(e.label, (perClass.get(e.label) ?? 0) + 1);
		return [...perClass.values()].filter((n) => n >= 2).length >= 2;
	}

	/** Cross-validates both, pausing before each step, and moves the model to the pixels if they earned it; true when it did. */
	async *steps(): AsyncGenerator<void, boolean> {
		if (!this.due) return false;
		const { pixels, features } = this.examples();
		const { architecture, settings, classIds } = this.context;
		const cnnSettings = pixelSettings(settings);
		const head = yield* crossValidated(architecture, features, classIds.length, settings);
		const cnn = yield* crossValidated(IMAGE_CNN, pixels, classIds.length, cnnSettings, CNN_STEPS);
		const labels = features.length;
		const check: ModelChoiceCheck = { labels, backbone: { name: architecture.name, ...head }, pixels: { name: IMAGE_CNN.name, ...cnn }, chose: 'backbone', version: this.lineage.version };
		// Only a check that ran to its end counts: one cut short by an act is made again at the next refit.
		const next = () => (this.retryAt = labels + Math.max(CHECK_EVERY, Math.ceil(labels / 4)));
		if (!pixelsWin(check)) {
			this.last = check;
			next();
			return false;
		}
		const candidate = OnlineLearner.create(classIds.length, cnnSettings, IMAGE_CNN);
		let placed = false;
		try {
			for (let round = 0; round < PLACE_ROUNDS; round++) yield* candidate.learnSteps(this.pool.trainingPoolOnPixels(), roundEpochs(labels));
			this.context.leaveExtractor(candidate, [IMAGE_CNN]);
			placed = true;
		} finally {
			if (!placed) candidate.dispose();
		}
		this.lineage.advance();
		// Another network on another input: no score of the head is kept.
		this.scorer.forget(this.pool.ids());
		this.last = { ...check, chose: 'pixels', version: this.lineage.version };
		next();
		return true;
	}

	/** The labelled samples that have both features and pixels, as each network takes them, in the same order. */
	private examples(): { pixels: Example[]; features: Example[] } {
		const onPixels = new Map(this.pool.labelledOnPixels().map((e) => [e.id, e]));
		const features = this.pool.labelled().filter((e) => onPixels.has(e.id));
		return { features, pixels: features.map((e) => onPixels.get(e.id)!) };
	}
}

/** The small CNN's learner settings, keeping what the human tuned: a head's own learning rate is the head's, not theirs. */
export function pixelSettings(settings: LearnerSettings): LearnerSettings {
	const learningRate = settings.learningRate === HEAD_LEARNER_SETTINGS.learningRate ? DEFAULT_LEARNER_SETTINGS.learningRate : settings.learningRate;
	return { ...DEFAULT_LEARNER_SETTINGS, stepsPerUpdate: settings.stepsPerUpdate, replaySize: settings.replaySize, seed: settings.seed, learningRate };
}
