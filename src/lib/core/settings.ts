/** The settings a project keeps: how the model learns, what each kind of signal weighs, how the queue asks. */
import { DEFAULT_POOL_LEARNING } from './semi/registry';
import type { PoolLearningChoice } from './semi/pool-learning';

/**
 * What a project learns from: pictures, spreadsheet rows, notes, sounds or poses. Its learning defaults
 * follow from it. A sound is learned as a picture: its spectrogram (core/sound/log-mel.ts); a pose as a
 * row: its keypoints, normalised (core/pose/normalise.ts).
 */
export type ProjectKind = 'image' | 'tabular' | 'text' | 'sound' | 'pose';

/** Whether a project of this kind learns on feature rows (a spreadsheet's, a note's, a body's keypoints) rather than pictures. */
export function learnsRows(kind: ProjectKind | undefined): boolean {
	return kind === 'tabular' || kind === 'text' || kind === 'pose';
}

/** What one kind of human signal weighs as a training target (0 turns it off). */
export interface SignalWeights {
	/** An explicit label: accept or correct. Nothing else can override it. */
	label: number;
	/** Thumbs up / down on a suggestion. */
	rating: number;
	/** "More / less like this". */
	similar: number;
	/** Implicit: a pre-accepted suggestion looked at and left as it was. */
	accept: number;
	/** Implicit: a suggestion looked at for a while, then left without a correction. */
	dwell: number;
	/** Implicit: the pointer rested on another class's button without choosing it. */
	hover: number;
	/** Implicit: the human skipped the item. */
	skip: number;
	/** Implicit: the item was shown and passed over. */
	ignore: number;
	/** Implicit signals lose half their weight every this many hours. */
	halfLifeHours: number;
}

export const DEFAULT_SIGNAL_WEIGHTS: SignalWeights = {
	label: 1,
	rating: 0.5,
	similar: 0.3,
	accept: 0.2,
	dwell: 0.1,
	hover: 0.1,
	skip: 0,
	ignore: 0,
	halfLifeHours: 72
};

/** The human's hands on the learner: its step sizes, whether it learns at all, and when it keeps versions. */
export interface ControlSettings {
	learningRate: number;
	/** Optimiser steps after each act. */
	stepsPerUpdate: number;
	/** Stored labelled samples replayed in each step. */
	replaySize: number;
	/** Frozen: acts are stored, the model does not learn from them. */
	frozen: boolean;
	/** A model version is kept every this many updates (0: only on demand). */
	snapshotEvery: number;
	signalWeights: SignalWeights;
	/** How the model learns from the samples nobody labelled (core/semi/registry.ts), or 'off'. */
	poolLearning: PoolLearningChoice;
}

export const DEFAULT_CONTROL: ControlSettings = {
	learningRate: 0.001,
	stepsPerUpdate: 4,
	replaySize: 32,
	frozen: false,
	snapshotEvery: 10,
	signalWeights: DEFAULT_SIGNAL_WEIGHTS,
	poolLearning: DEFAULT_POOL_LEARNING
};

/**
 * Spreadsheet rows and notes learn with a small model whose step costs about a millisecond, and a note
 * shares only a few hashed n-grams with the next: with the picture defaults (0.001, 4 steps) four
 * labelled notes left every unseen note on one class (rows e2e); larger, more steps learn them at once.
 * Learning from the unlabelled pool is off: on rows and notes neither way helped the linear model in
 * the al bench (README, "Learning from few labels"); it can be switched on.
 */
export const ROW_CONTROL: ControlSettings = { ...DEFAULT_CONTROL, learningRate: 0.01, stepsPerUpdate: 10, poolLearning: 'off' };

/** The learning settings a project starts with, by what it learns from. */
export function defaultControl(kind: ProjectKind | undefined): ControlSettings {
	return learnsRows(kind) ? ROW_CONTROL : DEFAULT_CONTROL;
}

export interface ActiveLearningSettings {
	/** The query strategy's id (core/query/registry.ts). */
	strategy: string;
	/** Suggestions at least this confident (0..1) are pre-accepted as the model's label; the rest go to the human. */
	threshold: number;
	/** Thresholds for particular classes (by class id), in place of `threshold`. */
	classThresholds?: Record<string, number>;
	/** The share of queries that are random audit picks (0..1). */
	auditShare: number;
	/**
	 * A sample more novel than this (core/quality/novelty.ts: 1 is as far from the taught samples as
	 * the farthest 5% of them are from each other) is "unlike anything you taught": never pre-accepted,
	 * and queued for the human. Unset: DEFAULT_NOVELTY_THRESHOLD.
	 */
	noveltyThreshold?: number;
	/** The share of questions that re-ask a sample labelled earlier (core/quality/rechecks.ts). Unset: DEFAULT_RECHECK_SHARE. */
	recheckShare?: number;
	/** A slice (a tag, or a spreadsheet's "column: value") the queue collects labels in; unset: the whole pool. */
	slice?: string;
}

/** The novelty threshold unless the human sets another: chosen with `npm run bench -- novelty` (README). */
export const DEFAULT_NOVELTY_THRESHOLD = 0.9;

export const DEFAULT_ACTIVE_LEARNING: ActiveLearningSettings = { strategy: 'budget-aware', threshold: 0.95, auditShare: 0.1, noveltyThreshold: DEFAULT_NOVELTY_THRESHOLD };
