/**
 * The plain data a project session takes and gives: what the worker sends back and forth with the
 * page, and what state and components read. Everything here can be cloned across a worker boundary.
 */
import type { RankedClass } from '../metrics/top-class';
import type { ModelInput } from '../model/architecture';
import type { TeachingHistory } from '../quality/teaching-history';
import type { BackendName, ModelArtifactsData, ModelChoiceCheck } from '../types';
import type { PoolLearningChoice } from '../semi/pool-learning';

export type { RankedClass, ModelChoiceCheck };

export interface SessionSample {
	id: string;
	/** A 32x32 ink image, or an encoded spreadsheet row (core/data/tabular-schema.ts) or a note's hashed n-grams (core/model/text-hashing.ts). */
	input: ModelInput;
	classId?: string;
	/** A random audit pick the human labelled: the audit baseline learns from these alone. */
	audit?: boolean;
	/** The stored image, sent only when the project learns on an imported extractor. */
	blob?: Blob;
	/** Where the human said the model should not look: 1 per input cell of the 32x32 grid (explanation feedback). */
	mask?: Uint8Array;
	/** When the feedback was last changed (0: none): a change of it is something to learn. */
	attentionAt?: number;
	/** When the stored sample last changed: older news of it than the learner holds is ignored. */
	updatedAt?: number;
}

/** What ratings and implicit signals say about an unlabelled sample (core/signals/fusion.ts), weights relative to a label's. */
export interface SignalTarget {
	positive: Record<string, number>;
	negative: Record<string, number>;
	/** When the newest signal behind it was given: a model saved later has learned it already. */
	at: number;
	/** Whether ratings drive it, or implicit signals alone (the insights tell their effects apart). */
	kind?: 'rating' | 'implicit';
}

export interface Suggestion {
	sampleId: string;
	/** The top classes, most probable first. */
	ranked: RankedClass[];
	/** The model version that made it. */
	version: number;
	/** How unlike the labelled samples it is (core/quality/novelty.ts): over the threshold, it goes to the human. Absent while too few are labelled. */
	novelty?: number;
}

export interface LiveResult {
	ranked: RankedClass[];
	saliency: Float32Array | null;
}

/** The trust checks of one explanation (core/explain/trust-report.ts); curves are class probability against the share moved. */
export interface TrustReport {
	method: string;
	/** Spearman correlation of the map with the map under random weights: near 0 is what a faithful method gives. */
	rankCorrelation: number;
	deletion: { curve: number[]; auc: number };
	randomDeletion: { curve: number[]; auc: number };
	insertion: { curve: number[]; auc: number };
	randomInsertion: { curve: number[]; auc: number };
	/** deletion.auc / randomDeletion.auc: below 1 beats random. */
	deletionRatio: number;
}

export interface CounterfactualResult {
	/** The changed 32x32 ink image. */
	image: Uint8Array;
	/** Whether the model now gives the asked-for class. */
	reached: boolean;
	probability: number;
	/** Mean change per pixel, 0..1. */
	meanChange: number;
}

export interface NeighbourInfo {
	sampleId: string;
	classId: string;
	similarity: number;
}

/** What a project that is not about pictures learns on (core/data/tabular-schema.ts, core/model/text-hashing.ts, core/pose/normalise.ts). */
export interface RowModel {
	kind: 'tabular' | 'text' | 'pose';
	width: number;
}

/** Stored weights a session can open, roll back to or compare: in their own class order. */
export interface StoredModel {
	artifacts: ModelArtifactsData;
	version: number;
	classIds: string[];
	/** The extractor the weights are a head for; unset for the from-scratch CNN. */
	backboneId?: string;
	/** Every change of the samples and signals up to then is in these weights: on opening, only later ones are learned. */
	learnedThrough?: number;
	/** What the teaching did, as the learner saw it (the insights, the calibration): kept with the live weights. */
	teaching?: TeachingHistory;
}

/** The live weights, handed back to be stored. */
export interface SavedModel extends StoredModel {
	backend: BackendName;
	learnedThrough: number;
}

/** A version to keep: its weights, and how it did on labels before it learned them since the last one kept. */
export interface KeptModel extends SavedModel {
	accuracy?: number;
	heldOut: number;
}

/** What the human can set about learning (ControlSettings without what the UI alone uses). */
export interface LearnerControl {
	learningRate: number;
	stepsPerUpdate: number;
	replaySize: number;
	frozen: boolean;
	/** How the idle steps learn from the unlabelled samples (core/semi/registry.ts); unset: not at all. */
	poolLearning?: PoolLearningChoice;
}

/** What the page tells the learner after the database changed. Acts are already durable. */
export interface SyncRequest {
	classIds?: string[];
	/**
	 * Samples added or changed, each as the database holds it now, in the order the human acted: the
	 * session compares them with what it holds and learns what changed (a label, feedback).
	 */
	changed?: SessionSample[];
	/** Unlabelled samples whose fused ratings and implicit signals changed (null: none left); each is learned as a label is. */
	signals?: { sampleId: string; target: SignalTarget | null; learn: boolean }[];
	/**
	 * The project's "always ignore" region (null: none), applied to every sample; `learn` when the
	 * model has yet to learn it (not when a project opens on a model saved after it was set).
	 */
	ignoreRegion?: { mask: Uint8Array | null; learn: boolean };
	/**
	 * Undo or redo: put back this recent version's weights instead of learning the label changes
	 * (they are what that version had learned). If the learner no longer holds it, it learns them.
	 */
	restore?: number;
	/** What the page shows (the focused sample, the cards in view, the head of the queue): scored first, and answered with. */
	wanted?: string[];
}

/** What changed in a sync, as the session found it on recording it: what there may be to learn. */
export interface SyncNews {
	/** Samples whose label changed (or that arrived labelled), in the order the human acted. */
	labels: { sampleId: string; classId: string | null }[];
	/** Samples whose explanation feedback changed. */
	masks: string[];
	/** Samples new to the session. */
	added: string[];
	signals: NonNullable<SyncRequest['signals']>;
	ignoreRegion?: SyncRequest['ignoreRegion'];
	/** The newest change (sample or signal) the sync carries. */
	through: number;
}

export interface SyncResult {
	version: number;
	/** Changes whenever the weights do, refinements within a version included (for caches). */
	revision: number;
	/** Fresh suggestions: in an answer, for the samples the page wants; in background news, for the next samples re-scored. */
	suggestions: Suggestion[];
	/** Background news of one more part of the pool re-scored: merged, nothing else to do. */
	partial?: boolean;
	/** How many samples the learner holds, and how many of them it has scored with these weights. */
	pool: number;
	scored: number;
	backend: BackendName;
	/** How long the worker took over the sync itself, from receiving it to the answer (waiting for the job before it aside). */
	workMs: number;
	/** Whether the version asked for in `restore` was put back. */
	restored?: boolean;
	/** Whether the model is still learning in the background (the act's refinement, its idle steps): better suggestions follow. */
	practising: boolean;
	/** Acts kept while frozen, to be learned on unfreezing. */
	held: number;
	/** The network learning now, for the Model panel. */
	model: ModelInForce;
	/** Unlabelled samples the idle steps learned from last (core/semi): 0 when switched off or none qualified. */
	fromPool: number;
	/** On a pretrained backbone: how many pictures have their features, of how many (the rest are computed in the background). */
	features?: { done: number; total: number };
}

/** What the model learning now is, in words a person can read. */
export interface ModelInForce {
	/** The architecture's id ("linear-4", "tabular-mlp-4", "image-cnn"). */
	id: string;
	name: string;
	layers: string;
	/** The network it hands over to, from how many labels, and the last check of both on held-out labels, if it will. */
	handsOver?: { name: string; atLabels: number; nextCheck: number; lastCheck?: { labels: number; live: number; next: number; liveLoss: number; nextLoss: number } };
	/** The hand-over that put it in place, if one did. */
	tookOver?: { from: string; labels: number; version: number };
	/** A picture project whose model is chosen by measurement: the last check of the backbone's head against the small CNN, if one ran. */
	choice?: ModelChoiceCheck;
}


/** What a background refit found; the model is replaced only when the fresh one does better held out. */
export interface RefitOutcome {
	ran: boolean;
	replaced: boolean;
	/** Held-out accuracy of the live model and of the refitted one, and how many labels that was on. */
	current?: number;
	challenger?: number;
	heldOut?: number;
	/** Fresh suggestions when the model was replaced. */
	result?: SyncResult;
	/** The refit was a hand-over (core/session/hand-over.ts): the networks' names and the cross-validation that decided it. */
	handOver?: { from: string; to: string; liveRight: number; nextRight: number; heldOut: number };
	/** The refit was a model choice's check (core/session/model-choice.ts): the page records it on the project, and a move to the pixels. */
	modelChoice?: ModelChoiceCheck;
}

export interface VersionDifference {
	sampleId: string;
	/** The human's label. */
	classId: string;
	a: RankedClass;
	b: RankedClass;
}

export interface VersionComparison {
	a: { version: number; accuracy: number };
	b: { version: number; accuracy: number };
	labelled: number;
	/** The labelled samples on which the two versions' top classes differ. */
	differences: VersionDifference[];
}
