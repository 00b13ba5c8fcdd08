import { IMAGE_CNN, type Architecture } from '../model/architecture';
import { familyOf, pictureHead } from '../model/row-models';
import { DEFAULT_LEARNER_SETTINGS, HEAD_LEARNER_SETTINGS, OnlineLearner } from '../model/online-learner';
import { AuditBaseline } from './audit-baseline';
import { compareVersions } from './compare-versions';
import { ModelContext } from './context';
import { Explanations } from './explanations';
import { Features, type SessionBackbone } from './features';
import { Lineage } from './lineage';
import { SamplePool } from './pool';
import { Scorer } from './scorer';
import { referenceSample, Teaching } from './teaching';
import { Trainer } from './trainer';
import type { LearnerControl, ModelInForce, SessionSample, StoredModel, SyncNews, SyncRequest, VersionComparison } from './types';

export type { PixelDecoder, SessionBackbone } from './features';

export interface OpenOptions {
	/** The project's classes, in order. */
	classIds: string[];
	samples?: SessionSample[];
	/** The model saved last; used if it was made for the same extractor. */
	model?: StoredModel;
	/** The imported extractor the project learns a head on; absent for the from-scratch model. */
	backbone?: SessionBackbone;
	/** The network for samples that are not images (spreadsheet rows, notes); the image CNN otherwise. */
	architecture?: Architecture;
	/** The human's learning settings, in force before the first label is learned. */
	control?: LearnerControl;
	/** A picture project on the built-in backbone whose model is chosen by measurement (core/session/model-choice.ts). */
	measureModel?: boolean;
}

/**
 * One open project's machine learning, in named parts that share one ModelContext: the pool of
 * samples, the lineage of versions, the scorer, the trainer, the explanations and the audit baseline.
 * This facade opens them, keeps them in step when the samples or classes change, and frees them.
 * Framework-free: the learner worker drives it, and so do the tests and benchmarks in Node.
 */
export class ProjectSession {
	readonly pool: SamplePool;
	readonly lineage: Lineage;
	readonly scorer: Scorer;
	readonly trainer: Trainer;
	readonly explanations: Explanations;
	readonly baseline: AuditBaseline;
	readonly teaching: Teaching;

	private constructor(
		readonly context: ModelContext,
		opened: StoredModel | undefined
	) {
		this.pool = new SamplePool(context);
		this.lineage = new Lineage(context, opened);
		this.teaching = new Teaching(opened?.teaching);
		this.scorer = new Scorer(context, this.pool, this.lineage, this.teaching);
		this.trainer = new Trainer(context, this.pool, this.lineage, this.scorer, this.teaching);
		this.explanations = new Explanations(context, this.pool, this.scorer);
		this.baseline = new AuditBaseline(context, this.pool);
	}

	/**
	 * Restores the saved model in its own class order (if it was made for the same extractor), then
	 * follows the project's current classes. The model is the image CNN on each sample's 32x32 input,
	 * the given architecture for rows and notes, or a small head on an imported extractor's features.
	 */
	static async open({ classIds, samples = [], model, backbone, architecture = IMAGE_CNN, control, measureModel = false }: OpenOptions): Promise<ProjectSession> {
		const features = backbone ? await Features.load(backbone) : undefined;
		const network = features ? pictureHead(features.backbone.shape.width, backbone!.spec.name) : architecture;
		const settings = network === IMAGE_CNN ? DEFAULT_LEARNER_SETTINGS : HEAD_LEARNER_SETTINGS; // heads and MLPs learn faster
		const family = familyOf(network);
		// A saved version of the model it hands over to is restored as that one: the hand-over is kept.
		const usable = model && model.backboneId === features?.id ? await OnlineLearner.restoreIn(model.artifacts, settings, family, model.version) : undefined;
		const learner = usable ?? OnlineLearner.create(classIds.length, settings, network);
		const opened = usable && model;
		const session = new ProjectSession(new ModelContext(learner, opened?.classIds ?? classIds, features, family), opened);
		session.setClasses(classIds);
		if (control) session.trainer.setControl(control);
		session.trainer.modelChoice.enabled = measureModel;
		await session.upsertSamples(samples);
		// Samples given here (benches, tests) get their features now; those the worker reads later, in the background.
		await features?.fill(samples);
		return session;
	}

	get version(): number {
		return this.lineage.version;
	}

	/** The network learning now, in words, with the hand-over it will make or made. */
	get modelInForce(): ModelInForce {
		const { architecture, classIds } = this.context;
		const next = architecture.handOver;
		const last = this.trainer.handOver.last;
		return {
			id: architecture.id,
			name: architecture.name,
			layers: architecture.layers(classIds.length),
			...(next ? { handsOver: { name: next.to.name, atLabels: next.atLabels, nextCheck: this.trainer.handOver.nextCheckAt!, ...(this.trainer.handOver.lastCheck ? { lastCheck: { ...this.trainer.handOver.lastCheck } } : {}) } } : {}),
			...(last && last.to === architecture.id ? { tookOver: { from: this.context.family.find((a) => a.id === last.from)?.name ?? last.from, labels: last.labels, version: last.version } } : {}),
			...(this.trainer.modelChoice.last ? { choice: { ...this.trainer.modelChoice.last } } : {})
		};
	}

	/** Follows the project's class list, keeping what the models learned about each class that stays. */
	setClasses(classIds: readonly string[]): void {
		const mapping = this.context.setClasses(classIds, this.context.settings.seed + this.version);
		this.baseline.remapClasses(mapping);
	}

	/** Takes samples as the database holds them now (see SamplePool.upsert); says what changed. */
	async upsertSamples(samples: readonly SessionSample[], learnedUntil?: number): ReturnType<SamplePool['upsert']> {
		const news = await this.pool.upsert(samples, learnedUntil);
		this.scorer.forget([...news.added, ...news.remade]);
		return news;
	}

	/** A sync's changes, in order: the classes, the samples (labels, feedback), signals and the region. Learns nothing; says what changed. */
	async record(request: SyncRequest): Promise<SyncNews> {
		if (request.classIds) this.setClasses(request.classIds);
		const { labels, masks, added, through } = await this.upsertSamples(request.changed ?? []);
		this.pool.record(request);
		const signals = request.signals ?? [];
		const signalled = signals.reduce((newest, s) => Math.max(newest, s.target?.at ?? -Infinity), -Infinity);
		return { labels, masks, added, signals, ignoreRegion: request.ignoreRegion, through: Math.max(through, signalled) };
	}

	/**
	 * Brings the calibration and the novelty reference up to date with the teaching (in the
	 * background, after acts): the temperature refitted on the judged labels, the reference rebuilt
	 * from the labelled samples' latest embeddings.
	 */
	async reviewTeaching(): Promise<void> {
		const labelled = referenceSample(this.pool.labelledSampleIds().filter((id) => this.pool.isLabelled(id)));
		const scores = await this.scorer.latestScoresOf(labelled);
		const inputs = scores.map((s) => this.context.inputOf(this.pool.get(s.id)!));
		this.teaching.review({ embeddings: scores.map((s) => s.embedding), inputs }, this.context.classIds.length);
	}

	/** Two stored versions' predictions on the labelled set. */
	compare(a: StoredModel, b: StoredModel): Promise<VersionComparison> {
		const { classIds, settings, family } = this.context;
		return compareVersions(a, b, this.pool.labelled(), (e) => classIds[e.label]!, settings, family);
	}

	/** After a backend change: the extractor, the model and the audit baseline rebuilt on the new backend. */
	async reload(): Promise<void> {
		await this.context.features?.reload();
		await this.lineage.reload();
		this.baseline.rebuild();
	}

	dispose(): void {
		this.lineage.dispose();
		this.context.learner.dispose();
		this.baseline.dispose();
		this.context.features?.backbone.dispose();
	}
}

