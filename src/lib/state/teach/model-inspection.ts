import * as Comlink from 'comlink';
import type { TabularSchema } from '$lib/core/data/tabular-schema';
import type { TabularCounterfactual } from '$lib/core/explain/tabular-counterfactual';
import type { PoseCounterfactual } from '$lib/core/pose/counterfactual';
import type { PoseFrame } from '$lib/core/pose/normalise';
import type { RankRequest, RankResult } from '$lib/core/query/rank-pool';
import type { Insights } from '$lib/core/quality/insights';
import type { LabelReview } from '$lib/core/session/label-review';
import type { CounterfactualResult, KeptModel, LiveResult, NeighbourInfo, StoredModel, Suggestion, TrustReport, VersionComparison } from '$lib/core/session/types';
import type { ProjectApi } from '$lib/worker/client';

/**
 * Questions to the model that change nothing: saliency maps (cached per weights), trust checks,
 * counterfactuals, live mode, the queue's ranking, neighbours, comparing and keeping versions. Each
 * is null (or empty) until the learner is ready.
 */
export class ModelInspection {
	private readonly saliencyCache = new Map<string, Promise<Float32Array | null>>();

	constructor(
		private readonly learner: () => ProjectApi | undefined,
		/** The weights now (SyncResult.revision): a map made for other weights is not reused. */
		private readonly revision: () => number,
		/** Resolves once the syncs asked for so far are done. */
		private readonly settled: () => Promise<void>
	) {}

	/** A saliency map for a sample's current suggestion. */
	saliency(sampleId: string, method = 'vanilla-gradient'): Promise<Float32Array | null> {
		const key = `${sampleId}@${this.revision()}:${method}`;
		let found = this.saliencyCache.get(key);
		if (!found) {
			found = this.learner()?.explain(sampleId, method) ?? Promise.resolve(null);
			this.saliencyCache.set(key, found);
		}
		return found;
	}

	/** The page shows these samples now: their fresh suggestions (and they are scored first from now on). */
	async view(wanted: string[]): Promise<Suggestion[]> {
		return (await this.learner()?.view(wanted)) ?? [];
	}

	/** The project was opened afresh on another model: no map of the old one applies. */
	forget(): void {
		this.saliencyCache.clear();
	}

	/** The trust checks of a sample's explanation by `method` (core/explain/trust-report.ts). */
	async trust(sampleId: string, method: string): Promise<TrustReport | null> {
		return (await this.learner()?.trust(sampleId, method)) ?? null;
	}

	/** What would make the model give `classId` for the sample. */
	async counterfactual(sampleId: string, classId: string): Promise<CounterfactualResult | null> {
		return (await this.learner()?.counterfactual(sampleId, classId)) ?? null;
	}

	/** For a spreadsheet row: the smallest change of one or two cells that makes the model say `classId`. */
	async rowCounterfactual(schema: TabularSchema, cells: string[], classId: string): Promise<TabularCounterfactual | null> {
		return (await this.learner()?.rowCounterfactual(schema, cells, classId)) ?? null;
	}

	/** For a body: the smallest move of one or two joints that makes the model say `classId`. */
	async poseCounterfactual(frame: PoseFrame, mirror: boolean, classId: string): Promise<PoseCounterfactual | null> {
		return (await this.learner()?.poseCounterfactual(frame, mirror, classId)) ?? null;
	}

	/** Live mode for a body: its suggestion, and one attribution per joint. */
	async classifyPose(frame: PoseFrame, mirror: boolean): Promise<LiveResult | null> {
		return (await this.learner()?.classifyPose(frame, mirror)) ?? null;
	}

	/** Live mode: classify (and explain) an input that is not stored; `frame` is handed over to the learner. */
	async classify(input: Uint8Array, frame?: ImageBitmap): Promise<LiveResult | null> {
		const learner = this.learner();
		if (!learner) return (frame?.close(), null);
		return learner.classify(input, true, frame && Comlink.transfer(frame, [frame]));
	}

	/** Listening live: a window of sound, classified (and explained) with the spectrogram it became. */
	async listen(pcm: Float32Array, rate: number): Promise<(LiveResult & { input: Uint8Array }) | null> {
		return (await this.learner()?.listen(Comlink.transfer(pcm, [pcm.buffer]), rate)) ?? null;
	}

	/** Ranks the unlabelled pool in the worker (null if the model changed meanwhile). */
	async rank(request: RankRequest): Promise<RankResult | null> {
		return (await this.learner()?.rank(request)) ?? null;
	}

	/** The likely mislabels (K-fold refits behind the acts); null if the human acted meanwhile or the learner is not ready. */
	async reviewLabels(): Promise<LabelReview | null> {
		return (await this.learner()?.reviewLabels()) ?? null;
	}

	/** The labels judged before they were learned: whether the model had each right. */
	async judged(): Promise<{ sampleId: string; right: boolean; audit: boolean }[]> {
		return (await this.learner()?.judged()) ?? [];
	}

	/** What the teaching did: curve, confusion, calibration, effects of each kind of act; null until the learner is ready. */
	async insights(): Promise<Insights | null> {
		return (await this.learner()?.insights()) ?? null;
	}

	async neighbours(sampleId: string, k = 3): Promise<NeighbourInfo[]> {
		return (await this.learner()?.neighbours(sampleId, k)) ?? [];
	}

	/** Two kept versions' predictions on the labelled set. */
	async compare(a: StoredModel, b: StoredModel): Promise<VersionComparison | null> {
		return (await this.learner()?.compare(a, b)) ?? null;
	}

	/** The live weights as a version to keep, with their held-out figure, once the acts sent so far are learned. */
	async snapshot(): Promise<KeptModel | null> {
		if (!this.learner()) return null;
		await this.settled();
		return (await this.learner()?.snapshot()) ?? null;
	}
}
