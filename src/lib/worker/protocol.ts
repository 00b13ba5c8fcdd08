import type { ModelInput } from '$lib/core/model/architecture';
import type { BackboneShape } from '$lib/core/model/backbone';
import type { RankRequest, RankResult } from './ranking';
import type { ComparedModel, VersionComparison } from './compare-versions';
import type { BackboneArtifacts, BackboneFormat, BackboneSpec, BackendName, BackendReport, ModelArtifactsData, PixelRange } from '$lib/core/types';

/**
 * Every long job reports through one callback with this union, and ends with exactly one of
 * done, error or cancelled.
 */
export type JobUpdate<Result> =
	| { type: 'progress'; done: number; total: number }
	| { type: 'done'; result: Result }
	| { type: 'error'; message: string }
	| { type: 'cancelled' };

export interface StartOptions {
	/** Use this backend alone if it passes the smoke test; null picks by feature detection. */
	force: BackendName | null;
}

export interface TrainStepRequest {
	batch: number;
	height: number;
	width: number;
	channels: 1 | 3;
	classes: number;
	warmup: number;
	steps: number;
}

export interface TrainStepResult {
	backend: BackendName;
	steps: number;
	median_ms: number;
	p95_ms: number;
	mean_ms: number;
	/** Tensors left behind by the job; anything but 0 is a leak. */
	leaked_tensors: number;
}

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
}

/** What ratings and implicit signals say about an unlabelled sample (core/signals/fusion.ts), weights relative to a label's. */
export interface SignalTarget {
	positive: Record<string, number>;
	negative: Record<string, number>;
	/** When the newest signal behind it was given: a model saved later has learned it already. */
	at: number;
}

export interface Suggestion {
	sampleId: string;
	/** The top classes, most probable first. */
	ranked: { classId: string; p: number }[];
	/** The model version that made it. */
	version: number;
}

export interface LiveResult {
	ranked: { classId: string; p: number }[];
	saliency: Float32Array | null;
}

/** The trust checks of one explanation (worker/explain-checks.ts); curves are class probability against the share moved. */
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

export interface OpenProjectRequest {
	projectId: string;
	classIds: string[];
	samples: SessionSample[];
	model?: { artifacts: ModelArtifactsData; version: number; classIds: string[]; backboneId?: string };
	/** The imported extractor the project learns on; absent for the from-scratch CNN. */
	backbone?: { spec: BackboneSpec; artifacts: BackboneArtifacts };
	/** The human's learning settings, in force before the first label is learned. */
	control?: LearnerControl;
	/** A spreadsheet or notes project: its samples are feature vectors of this width, learned by an MLP. */
	rows?: RowModel;
}

/** What a project that is not about pictures learns on (core/data/tabular-schema.ts, core/model/text-hashing.ts). */
export interface RowModel {
	kind: 'tabular' | 'text';
	width: number;
}

/** What the UI tells the learner after the database changed. Labels are already durable. */
export interface SyncRequest {
	classIds?: string[];
	upserts?: SessionSample[];
	removed?: string[];
	/** Samples whose human label changed, in the order the human acted. */
	labels?: { sampleId: string; classId: string | null; audit?: boolean }[];
	/** Samples whose explanation feedback changed (null: taken back); each is learned as a label is. */
	masks?: { sampleId: string; mask: Uint8Array | null }[];
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
}

export interface SyncResult {
	version: number;
	/** Changes whenever the weights do, refinements within a version included (for caches). */
	stamp: number;
	suggestions: Suggestion[];
	backend: BackendName;
	trainMs: number;
	/** Whether the version asked for in `restore` was put back. */
	restored?: boolean;
	/** Whether the model is still learning in the background (the act's refinement, its idle steps): better suggestions follow. */
	practising: boolean;
}

/** What the human can set about learning (ControlSettings without what the UI alone uses). */
export interface LearnerControl {
	learningRate: number;
	stepsPerUpdate: number;
	replaySize: number;
	frozen: boolean;
}

export interface RefitOutcome {
	replaced: boolean;
	ran: boolean;
	current?: number;
	challenger?: number;
	heldOut?: number;
	/** Fresh suggestions when the model was replaced. */
	result?: SyncResult;
}

export interface SavedModel {
	artifacts: ModelArtifactsData;
	version: number;
	classIds: string[];
	backend: BackendName;
	backboneId?: string;
}

/** A version to keep: its weights, and how it did on labels before it learned them since the last one kept. */
export interface SnapshotModel extends SavedModel {
	accuracy?: number;
	heldOut: number;
}

/** What the learner worker exposes (through Comlink). */
export interface LearnerApi {
	start(options: StartOptions): Promise<BackendReport>;
	/** `onRefined` receives fresh suggestions when a background refinement of the last act ends. */
	openProject(request: OpenProjectRequest, onRefined: (result: SyncResult) => void): Promise<SyncResult>;
	sync(request: SyncRequest): Promise<SyncResult>;
	explain(sampleId: string, method: string): Promise<Float32Array | null>;
	/** Class probabilities (in the project's class order) for feature rows that are not samples. */
	predictRows(inputs: Float32Array[]): Promise<Float32Array[]>;
	/**
	 * Live mode: the suggestion (and, if asked, the saliency) for an input that is not a sample; a model
	 * on an imported extractor needs the frame itself (transferred, and closed by the worker).
	 */
	classify(input: Uint8Array, explain: boolean, frame?: ImageBitmap): Promise<LiveResult | null>;
	/** Loads an imported model and tries it on a blank image: what it takes and gives, or why it is unusable. */
	inspectBackbone(artifacts: BackboneArtifacts, format: BackboneFormat, pixelRange: PixelRange): Promise<BackboneShape>;
	neighbours(sampleId: string, k: number): Promise<NeighbourInfo[]>;
	/** The trust checks of a sample's explanation by `method`; null when the sample has no suggestion or no picture. */
	trust(sampleId: string, method: string): Promise<TrustReport | null>;
	/** What would make the model give `classId` for the sample (the from-scratch CNN only; null otherwise). */
	counterfactual(sampleId: string, classId: string): Promise<CounterfactualResult | null>;
	/** The unlabelled pool ranked by a query strategy, with audit picks mixed in; null if the model changed meanwhile. */
	rank(request: RankRequest): Promise<RankResult | null>;
	/** When the human is idle: a full refit that replaces the model only if it scores better held-out. */
	refit(): Promise<RefitOutcome>;
	/** The current weights, to store; called when the UI is idle, not on the act's critical path. */
	saveModel(): Promise<SavedModel | null>;
	/** The current weights as a version to keep, with its held-out figure (which then starts afresh). */
	snapshot(): Promise<SnapshotModel | null>;
	/** Replaces the model with a stored version. */
	rollback(model: ComparedModel): Promise<SyncResult>;
	/** Two stored versions' predictions on the labelled set, and where they differ. */
	compare(a: ComparedModel, b: ComparedModel): Promise<VersionComparison>;
	/** Learning rate, steps, replay and freezing; unfreezing learns the labels given while frozen. */
	control(settings: LearnerControl): Promise<SyncResult | null>;
	closeProject(): void;
	measureTrainStep(jobId: string, request: TrainStepRequest, report: (update: JobUpdate<TrainStepResult>) => void): Promise<void>;
	cancel(jobId: string): void;
}
