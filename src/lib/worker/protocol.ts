/** The messages between the page and the learner worker. The data they carry is core's (core/session/types.ts). */
import type { TrainStepRequest, TrainStepResult } from '$lib/core/backend/measure-train-step';
import type { TabularSchema } from '$lib/core/data/tabular-schema';
import type { TabularCounterfactual } from '$lib/core/explain/tabular-counterfactual';
import type { PoseCounterfactual } from '$lib/core/pose/counterfactual';
import type { PoseFrame } from '$lib/core/pose/normalise';
import type { BackboneShape } from '$lib/core/model/backbone';
import type { RankRequest, RankResult } from '$lib/core/query/rank-pool';
import type { Insights } from '$lib/core/quality/insights';
import type { LabelReview } from '$lib/core/session/label-review';
import type {
	CounterfactualResult,
	KeptModel,
	LearnerControl,
	LiveResult,
	NeighbourInfo,
	RefitOutcome,
	RowModel,
	SavedModel,
	StoredModel,
	Suggestion,
	SyncRequest,
	SyncResult,
	TrustReport,
	VersionComparison
} from '$lib/core/session/types';
import type { BackboneArtifacts, BackboneFormat, BackboneSpec, BackendName, BackendReport, PixelRange } from '$lib/core/types';

export type { TrainStepRequest, TrainStepResult };

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

export interface OpenProjectRequest {
	projectId: string;
	classIds: string[];
	/** The model saved last; the samples (read by the worker from the database) changed after `learnedUntil` are learned on top. */
	model?: StoredModel;
	learnedUntil: number;
	/**
	 * The page sends every sample changed from this moment on (it follows the database from then):
	 * reading the project, the worker leaves those to the page, whose sync then carries the change as
	 * news to learn (read here first, an act's label would look old and wait for the whole read).
	 */
	changesFrom: number;
	/** What the page shows: read and scored first. */
	wanted: string[];
	/** The imported extractor the project learns on; absent for the from-scratch CNN. */
	backbone?: { spec: BackboneSpec; artifacts: BackboneArtifacts };
	/** The human's learning settings, in force before the first label is learned. */
	control?: LearnerControl;
	/** A spreadsheet or notes project: its samples are feature vectors of this width, learned by an MLP. */
	rows?: RowModel;
	/** A picture project on a backbone whose model is chosen by measurement: it may move to the small CNN (core/session/model-choice.ts). */
	measureModel?: boolean;
}

/** What the learner worker exposes (through Comlink). */
export interface LearnerApi {
	start(options: StartOptions): Promise<BackendReport>;
	/**
	 * Opens a project; its samples are read in the background, and `onNews` receives fresh
	 * suggestions as they are scored and when background learning ends.
	 */
	openProject(request: OpenProjectRequest, onNews: (result: SyncResult) => void): Promise<SyncResult>;
	/** The database changed (`act`: because the human acted, so background work gives way): learn what changed. */
	sync(request: SyncRequest, act: boolean): Promise<SyncResult>;
	/** The page shows these samples now: their fresh suggestions, and they are scored first from now on. */
	view(wanted: string[]): Promise<Suggestion[]>;
	explain(sampleId: string, method: string): Promise<Float32Array | null>;
	/** "What would make this row `classId`?": the smallest change of one or two of its cells. */
	rowCounterfactual(schema: TabularSchema, cells: string[], classId: string): Promise<TabularCounterfactual | null>;
	/**
	 * Live mode: the suggestion (and, if asked, the saliency) for an input that is not a sample; a model
	 * on an imported extractor needs the frame itself (transferred, and closed by the worker).
	 */
	classify(input: Uint8Array, explain: boolean, frame?: ImageBitmap): Promise<LiveResult | null>;
	/** "What would make this body `classId`?": the smallest move of one or two joints (core/pose/counterfactual.ts). */
	poseCounterfactual(frame: PoseFrame, mirror: boolean, classId: string): Promise<PoseCounterfactual | null>;
	/** Live mode for a pose project: a body from the camera, classified, with one attribution per joint. */
	classifyPose(frame: PoseFrame, mirror: boolean): Promise<LiveResult | null>;
	/** Listening live: one window of sound at `rate`, turned into its spectrogram here, classified and explained. */
	listen(pcm: Float32Array, rate: number): Promise<(LiveResult & { input: Uint8Array }) | null>;
	/** Loads an imported model and tries it on a blank image: what it takes and gives, or why it is unusable. */
	inspectBackbone(artifacts: BackboneArtifacts, format: BackboneFormat, pixelRange: PixelRange): Promise<BackboneShape>;
	neighbours(sampleId: string, k: number): Promise<NeighbourInfo[]>;
	/** The trust checks of a sample's explanation by `method`; null when the sample has no suggestion or no picture. */
	trust(sampleId: string, method: string): Promise<TrustReport | null>;
	/** What would make the model give `classId` for the sample (the from-scratch CNN only; null otherwise). */
	counterfactual(sampleId: string, classId: string): Promise<CounterfactualResult | null>;
	/** The unlabelled pool ranked by a query strategy, with audit picks mixed in; null if the model changed meanwhile. */
	rank(request: RankRequest): Promise<RankResult | null>;
	/**
	 * The likely mislabels (K-fold refits in the background, core/session/label-review.ts); null if the
	 * human acted meanwhile (ask again when they rest).
	 */
	reviewLabels(): Promise<LabelReview | null>;
	/** The newest labels the model was judged on before learning them (held-out labels and audit picks): the slices' evidence. */
	judged(): Promise<{ sampleId: string; right: boolean; audit: boolean }[]>;
	/** What the teaching did (core/quality/insights.ts), from the learner's record of it: worked out behind the acts. */
	insights(): Promise<Insights>;
	/** When the human is idle: a full refit that replaces the model only if it scores better held-out. */
	refit(): Promise<RefitOutcome>;
	/** The current weights, to store; called when the page is idle, not on the act's critical path. */
	saveModel(): Promise<SavedModel | null>;
	/** The current weights as a version to keep, with its held-out figure (which then starts afresh). */
	snapshot(): Promise<KeptModel | null>;
	/** Replaces the model with a stored version. */
	rollback(model: StoredModel): Promise<SyncResult>;
	/** Two stored versions' predictions on the labelled set, and where they differ. */
	compare(a: StoredModel, b: StoredModel): Promise<VersionComparison>;
	/** Learning rate, steps, replay and freezing; unfreezing learns the acts held meanwhile. */
	control(settings: LearnerControl): Promise<SyncResult | null>;
	closeProject(): void;
	measureTrainStep(jobId: string, request: TrainStepRequest, report: (update: JobUpdate<TrainStepResult>) => void): Promise<void>;
	cancel(jobId: string): void;
}
