/** The domain types shared by every layer. Plain data only: everything here can be stored and cloned. */

import type { TabularSchema } from './data/tabular-schema';

export type ProjectKind = 'image' | 'tabular' | 'text';

export interface Project {
	id: string;
	name: string;
	kind: ProjectKind;
	createdAt: number;
	updatedAt: number;
	openedAt: number;
	/** Set when the user deletes the project; it is purged once the undo window has passed. */
	deletedAt?: number;
	/** The imported feature extractor the project learns on; unset for the from-scratch CNN. */
	backboneId?: string;
	/** How the project asks the human; unset means the defaults (DEFAULT_ACTIVE_LEARNING). */
	activeLearning?: ActiveLearningSettings;
	/** Where no sample should matter ("always ignore this region"), painted on the 32x32 input grid. */
	ignoreRegion?: ExplanationMask;
	/** How the model learns and what each kind of signal weighs; unset means DEFAULT_CONTROL. */
	control?: ControlSettings;
	/** A spreadsheet project's columns and how rows become model inputs, fixed by its first import. */
	tabular?: TabularSchema;
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
}

export const DEFAULT_CONTROL: ControlSettings = {
	learningRate: 0.001,
	stepsPerUpdate: 4,
	replaySize: 32,
	frozen: false,
	snapshotEvery: 10,
	signalWeights: DEFAULT_SIGNAL_WEIGHTS
};

/**
 * Spreadsheet rows and notes learn with a small MLP whose step costs about a millisecond, and a note
 * shares only a few hashed n-grams with the next: with the picture defaults (0.001, 4 steps) four
 * labelled notes left every unseen note on one class (rows e2e); larger, more steps learn them at once.
 */
export const ROW_CONTROL: ControlSettings = { ...DEFAULT_CONTROL, learningRate: 0.01, stepsPerUpdate: 10 };

/** The learning settings a project starts with, by what it learns from. */
export function defaultControl(kind: ProjectKind | undefined): ControlSettings {
	return kind === 'tabular' || kind === 'text' ? ROW_CONTROL : DEFAULT_CONTROL;
}

/** Explanation feedback as the human painted it: one byte per cell of the 32x32 input grid, 1 where painted. */
export interface ExplanationMask {
	painted: Uint8Array;
	at: number;
}

/** Feedback on one sample's explanation: what was painted, and whether it should not matter or is what matters. */
export interface SampleAttention extends ExplanationMask {
	mode: 'ignore' | 'focus';
}

export interface ActiveLearningSettings {
	/** The query strategy's id (core/active/registry.ts). */
	strategy: string;
	/** Suggestions at least this confident (0..1) are pre-accepted as the model's label; the rest go to the human. */
	threshold: number;
	/** Thresholds for particular classes (by class id), in place of `threshold`. */
	classThresholds?: Record<string, number>;
	/** The share of queries that are random audit picks (0..1). */
	auditShare: number;
}

export const DEFAULT_ACTIVE_LEARNING: ActiveLearningSettings = { strategy: 'budget-aware', threshold: 0.95, auditShare: 0.1 };

/** Where a labelled sample came from in the queue: what the model said then, and whether it was an audit pick. */
export interface QueryOrigin {
	strategy: string;
	audit: boolean;
	/** The model's top class when the human labelled it. */
	suggested: string | null;
	confidence: number;
	/** How many human labels the project had when the human labelled it. */
	labels?: number;
	/** For an audit pick: what random picking's stand-in guessed (core/active/labels-saved.ts). */
	baseline?: BaselineGuess;
}

/** The audit baseline's guess for an audit pick, made before the human answered. */
export interface BaselineGuess {
	/** Its top class; null while it had learned nothing. */
	suggested: string | null;
	/** How many audit picks it had learned from. */
	labels: number;
}

export interface LabelClass {
	id: string;
	projectId: string;
	name: string;
	color: string;
	order: number;
}

export type SampleSource = 'upload' | 'webcam' | 'drawing' | 'import' | 'demo' | 'edit' | 'form' | 'paste';

export interface Sample {
	id: string;
	projectId: string;
	/** The human's label; undefined while unlabelled. */
	classId?: string;
	/** The file name, or a name the app gave it ("Drawing 3"). */
	name: string;
	blob: Blob;
	thumbnail?: Blob;
	/** The model's 32x32 input (ink intensity 0..255), computed once at import. */
	input?: Uint8Array;
	/** A spreadsheet row's cells, in the project's schema column order (missing: ''). */
	cells?: string[];
	/** A note's text. */
	text?: string;
	/** A row's or a note's feature vector as the model takes it, computed once at import. */
	features?: Float32Array;
	/** Where the human's current label came from in the queue (an audit pick or not, what the model said). */
	labelledFrom?: QueryOrigin;
	/** The human's feedback on this sample's explanation, if any. */
	attention?: SampleAttention;
	source: SampleSource;
	/** The sample this one was made from by an edit (crop, rotate, redraw); the original is kept. */
	editedFrom?: string;
	createdAt: number;
	updatedAt: number;
}

/** How a label came about: the human accepted the suggestion, chose a class, or imported it labelled. */
export type LabelVia = 'accept' | 'correct' | 'import' | 'undo' | 'redo' | 'drag' | 'bulk';

/** Why the human overrode a suggestion: a preset, or their own words. */
export interface OverrideReason {
	preset: 'wrong-class' | 'ambiguous' | 'bad-sample' | 'model-overconfident' | 'other';
	text?: string;
}

/** An explicit rating of a suggestion. */
export type Rating = 'up' | 'down' | 'more' | 'less';
/** What the human did without meaning to teach. */
export type ImplicitSignal = 'dwell' | 'accept' | 'skip' | 'ignore' | 'hover';

/** Every human act, appended to the log before anything reacts to it. */
export type FeedbackEvent =
	| { type: 'project.create'; name: string; kind: ProjectKind }
	| { type: 'project.rename'; from: string; to: string }
	| { type: 'project.delete' }
	| { type: 'project.restore' }
	| { type: 'settings.backend'; from: BackendName | null; to: BackendName | null }
	| { type: 'class.add'; classId: string; name: string }
	| { type: 'class.rename'; classId: string; from: string; to: string }
	| { type: 'class.recolour'; classId: string; from: string; to: string }
	| { type: 'class.delete'; classId: string; name: string; unlabelled: number }
	| { type: 'sample.add'; sampleIds: string[]; source: SampleSource; classId: string | null }
	| { type: 'sample.label'; sampleId: string; classId: string | null; previous: string | null; via: LabelVia; modelVersion: number; query?: QueryOrigin; reason?: OverrideReason }
	| { type: 'sample.rate'; sampleId: string; classId: string; rating: Rating; modelVersion: number }
	| { type: 'sample.signal'; sampleId: string; classId: string | null; signal: ImplicitSignal; ms?: number; modelVersion: number }
	| { type: 'sample.edit'; sampleId: string; from: string; edit: 'crop' | 'rotate' | 'redraw' }
	| { type: 'model.snapshot'; version: number; accuracy?: number; heldOut?: number; trigger: 'auto' | 'manual' }
	| { type: 'model.rollback'; from: number; to: number }
	| { type: 'model.update'; from: number; to: number }
	| { type: 'model.freeze'; frozen: boolean }
	| { type: 'project.control'; from: ControlSettings; to: ControlSettings }
	| { type: 'project.export'; what: 'project' | 'model' | 'dataset'; bytes: number }
	| { type: 'project.import'; name: string; samples: number; events: number }
	| { type: 'sample.reject'; sampleId: string; classId: string; modelVersion: number }
	| { type: 'sample.explanation'; sampleId: string; mode: SampleAttention['mode']; scope: 'sample' | 'always'; painted: Uint8Array; cells: number; modelVersion: number }
	| { type: 'sample.explanation.clear'; sampleId: string | null; scope: 'sample' | 'always'; modelVersion: number }
	| { type: 'backbone.import'; backboneId: string; name: string; format: BackboneFormat; source: BackboneSource; bytes: number }
	| { type: 'project.model'; from: string | null; to: string | null }
	| { type: 'project.activeLearning'; from: ActiveLearningSettings; to: ActiveLearningSettings };

export type StoredEvent = FeedbackEvent & {
	seq?: number;
	projectId: string | null;
	at: number;
	/** Who acted: the profile name set on this device. */
	profile?: string;
	/** The audit chain (storage/audit.ts): the record's place in its project's chain, the hash before it, and its own. */
	n?: number;
	prev?: string;
	hash?: string;
};

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The order in which backends are tried when the user has not forced one. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function isBackendName(value: unknown): value is BackendName {
	return typeof value === 'string' && (BACKEND_ORDER as readonly string[]).includes(value);
}

/** What happened when one backend was tried at start-up. */
export interface BackendTrial {
	name: BackendName;
	ok: boolean;
	/** Why the backend was skipped, in words a user can read. */
	reason?: string;
	/** Median ms of one training step of the smoke-test net. */
	trainStepMs?: number;
	/** Median ms of one single-sample prediction of the smoke-test net. */
	predictMs?: number;
}

export interface BackendReport {
	/** The backend that trains. */
	train: BackendName;
	/** The backend measured fastest for single predictions (may differ from `train`). */
	predict: BackendName;
	forced: BackendName | null;
	/** The GPU adapter's description, where there is one. */
	adapter?: string;
	trials: BackendTrial[];
}

/** Serialised model weights and topology, as tf.io artifacts but free of tfjs types. */
export interface ModelArtifactsData {
	modelTopology: unknown;
	weightSpecs: { name: string; shape: number[]; dtype: string }[];
	weightData: ArrayBuffer;
}

export interface ModelVersion {
	id: string;
	projectId: string;
	version: number;
	createdAt: number;
	/** Held-out accuracy when the version was saved, if known. */
	accuracy?: number;
	/** How many held-out labels `accuracy` was measured on. */
	heldOut?: number;
	/** Why this version was kept: every N updates, the human asked, or the live weights ("current"). */
	trigger?: 'auto' | 'manual' | 'current';
	backend: BackendName;
	/** The class of each model output, in order, when the weights were saved. */
	classIds?: string[];
	/** The feature extractor these weights (a head) sit on; unset for the from-scratch CNN. */
	backboneId?: string;
}

export type BackboneFormat = 'layers' | 'graph';
export type BackboneSource = 'files' | 'url';
/** How the extractor expects its pixels scaled: MobileNets from TF Hub take 0..1, Keras ones -1..1. */
export type PixelRange = '0..1' | '-1..1' | '0..255';
export const PIXEL_RANGES: readonly PixelRange[] = ['0..1', '-1..1', '0..255'];

/** A pretrained feature extractor the user imported: what it takes and what it gives. */
export interface BackboneSpec {
	id: string;
	name: string;
	format: BackboneFormat;
	source: BackboneSource;
	/** Where it was downloaded from, for a URL import. */
	url?: string;
	/** Input height and width in pixels. */
	inputSize: [number, number];
	channels: 1 | 3;
	pixelRange: PixelRange;
	/** Length of the feature vector it gives each image. */
	width: number;
	bytes: number;
	createdAt: number;
}

/** A model's files as tf.io reads them; a graph model needs its `format` to load. */
export interface BackboneArtifacts extends ModelArtifactsData {
	format?: string;
}
