import { topClasses } from '../metrics/top-class';
import { nearest } from '../model/neighbours';
import { calibrate, type Calibration } from '../quality/calibration';
import { knnNovelty, type NoveltyReference } from '../quality/novelty';
import type { ModelContext } from './context';
import type { Lineage } from './lineage';
import type { SamplePool } from './pool';
import type { Teaching } from './teaching';
import type { NeighbourInfo, SessionSample, Suggestion } from './types';

/** Classes a suggestion lists. */
export const SUGGESTED_CLASSES = 3;
/**
 * Samples re-scored in one background step: between steps, the human's next act goes first. Scoring
 * costs the same per sample in chunks of 64 as of 512 (~0.35 ms each for the CNN on WASM, 2 cores),
 * but an act that comes during a chunk of 512 waits ~230 ms for it, and ~22 ms for one of 64.
 */
export const RESCORE_CHUNK = 64;

/** One sample's class probabilities (one per class, calibrated: what is shown, thresholded and queued) and its embedding. */
export interface Scores {
	probs: Float32Array;
	/** The model's own probabilities, before calibration: what calibration is fitted on. */
	raw: Float32Array;
	/** The extractor's features, or the CNN's penultimate layer: what likeness is measured by. */
	embedding: Float32Array;
	/** How unlike the labelled samples it is (core/quality/novelty.ts); NaN while too few are labelled. */
	novelty: number;
}

interface Cached {
	/** One per model output. */
	outputs: Float32Array;
	/** The weights (ModelContext.revision) and the version they were scored with, and the class of each output then. */
	revision: number;
	version: number;
	classIds: readonly string[];
	/** Its scores in those classes, made once: a ranking of 50,000 reads them all, and must not allocate 50,000 views. */
	view: { id: string } & Scores;
	/** The calibration `view.probs` was made with: made again, in place, when another is in force. */
	calibration: Calibration;
	/** The novelty reference `view.novelty` was measured against (core/session/teaching.ts). */
	reference: NoveltyReference | null;
}

/**
 * What the model makes of the samples: their probabilities and embeddings from one forward pass.
 * Scores stay cached when the weights change, marked with the weights they were made with: what the
 * human looks at is scored again at once (`wanted`), the rest of the pool in the background, and a
 * ranking may use a score a few acts old rather than wait for all of them.
 */
export class Scorer {
	private readonly cache = new Map<string, Cached>();
	/** What the page shows: the focused sample, the cards in view, the head of the queue. */
	private shown: string[] = [];
	/** The background sweep's place in the pool (ids as they were when the lap began): it goes on from there after an act. */
	private sweep = { order: [] as string[], at: 0 };
	/** How many cached scores are of the current weights (`fresh.revision`), kept as scores are made, not counted. */
	private fresh = { revision: -1, count: 0 };

	constructor(
		private readonly context: ModelContext,
		private readonly pool: SamplePool,
		private readonly lineage: Lineage,
		private readonly teaching: Teaching
	) {}

	/** The samples the page shows now, scored before any other. */
	get wanted(): readonly string[] {
		return this.shown;
	}

	set wanted(ids: readonly string[]) {
		this.shown = [...new Set(ids)];
	}

	/** Drops what is remembered of samples that changed or went. */
	forget(ids: readonly string[]): void {
		for (const id of ids) {
			if (this.cache.get(id)?.revision === this.fresh.revision) this.fresh.count--;
			this.cache.delete(id);
		}
	}

	/** Fresh suggestions (scored with the current weights) for the given samples (all when none given); none until there are two classes. */
	async suggest(ids?: readonly string[]): Promise<Suggestion[]> {
		const scored = await this.scoresOf(ids ?? this.pool.ids());
		return scored.map(({ id }) => this.suggestionOf(id)!).filter((s) => !!s);
	}

	/** Fresh probabilities (one per class, in class order) and embeddings of the samples the model can score; unknown ids are left out. */
	async scoresOf(ids: readonly string[]): Promise<({ id: string } & Scores)[]> {
		const known = this.known(ids);
		await this.score(known.filter((s) => this.cache.get(s.id)?.revision !== this.context.revision));
		return known.map((s) => this.withClasses(s.id));
	}

	/**
	 * The newest scores of each sample, fresh or made with earlier weights; only those never scored (or
	 * scored before the classes changed) are scored now.
	 */
	async latestScoresOf(ids: readonly string[]): Promise<({ id: string; fresh: boolean } & Scores)[]> {
		const known = this.known(ids);
		await this.score(known.filter((s) => this.cache.get(s.id)?.classIds !== this.context.classIds));
		return known.map((s) => ({ ...this.withClasses(s.id), fresh: this.cache.get(s.id)!.revision === this.context.revision }));
	}

	/** The samples of these that were never scored (or not since the classes changed). */
	unscored(ids: readonly string[]): string[] {
		return ids.filter((id) => this.cache.get(id)?.classIds !== this.context.classIds);
	}

	/** The samples of these not scored with the current weights. */
	stale(ids: readonly string[]): string[] {
		return ids.filter((id) => this.cache.get(id)?.revision !== this.context.revision);
	}

	/** The latest scores there are of these samples, fresh or not, in class order; those never scored are left out. Shared: not to be changed. */
	async cachedScoresOf(ids: readonly string[]): Promise<Readonly<{ id: string } & Scores>[]> {
		const out: ({ id: string } & Scores)[] = [];
		const calibration = this.calibration;
		for (const id of ids) {
			const cached = this.cache.get(id);
			if (cached?.classIds === this.context.classIds) out.push(this.viewOf(cached, calibration));
		}
		return out;
	}

	/** How many of the pool's samples are scored with the current weights. */
	freshCount(): number {
		return this.fresh.revision === this.context.revision ? this.fresh.count : 0;
	}

	/**
	 * One background step of bringing the pool up to the current weights: the next samples not yet
	 * scored with them, what the page shows first, then `first` (the queue's candidates, say), then the
	 * rest, going round the pool from where the last step stopped (so after an act the sweep goes on
	 * rather than starting over, and a step costs its chunk, not a scan of 50,000 ids). Returns their
	 * fresh suggestions; none when every sample is fresh.
	 */
	async rescoreNext(first: readonly string[] = []): Promise<Suggestion[]> {
		const next = new Map<string, SessionSample>();
		const take = (id: string) => {
			if (next.size >= RESCORE_CHUNK || next.has(id) || this.isFresh(id)) return;
			const sample = this.pool.get(id);
			if (sample && this.context.inputOf(sample)) next.set(id, sample);
		};
		for (const id of this.shown) take(id);
		for (const id of first) take(id);
		// At most one whole lap: a lap with nothing stale means every sample is fresh.
		for (let looked = 0; next.size < RESCORE_CHUNK && looked <= this.pool.size; looked++) {
			if (this.sweep.at >= this.sweep.order.length) {
				this.sweep = { order: this.pool.ids(), at: 0 }; // a new lap sees the samples added since
				if (this.sweep.order.length === 0) break;
			}
			take(this.sweep.order[this.sweep.at++]!);
		}
		await this.score([...next.values()]);
		return [...next.keys()].flatMap((id) => this.suggestionOf(id) ?? []);
	}

	/** The labelled samples the model finds most alike: by the extractor's features, or the CNN's penultimate layer. */
	async neighbours(sampleId: string, k: number): Promise<NeighbourInfo[]> {
		const labelled = this.pool.labelled().filter((e) => e.id !== sampleId);
		const [own, ...others] = await this.scoresOf([sampleId, ...labelled.map((e) => e.id)]);
		if (own?.id !== sampleId || others.length === 0) return [];
		const width = own.embedding.length;
		const values = new Float32Array(others.length * width);
		others.forEach((o, i) => values.set(o.embedding, i * width));
		return nearest(own.embedding, values, width, k).map((n) => ({
			sampleId: labelled[n.index]!.id,
			classId: this.context.classIds[labelled[n.index]!.label]!,
			similarity: n.similarity
		}));
	}

	private isFresh(id: string): boolean {
		return this.cache.get(id)?.revision === this.context.revision;
	}

	private known(ids: readonly string[]): SessionSample[] {
		return ids.map((id) => this.pool.get(id)).filter((s): s is SessionSample => !!s && !!this.context.inputOf(s));
	}

	private withClasses(id: string): { id: string } & Scores {
		return { ...this.viewOf(this.cache.get(id)!, this.calibration, true) };
	}

	/** The calibration in force now (core/quality/calibration.ts): the same object while it stays the same. */
	private get calibration(): Calibration {
		return this.teaching.calibration(this.pool.labelledCount);
	}

	/**
	 * A sample's view, its probabilities calibrated with `calibration` (again, in place, if they were
	 * made with another). `remeasure`: its novelty measured again if the reference changed since (a
	 * few samples at a time: the whole pool's is measured again as the pool is re-scored).
	 */
	private viewOf(cached: Cached, calibration: Calibration, remeasure = false): { id: string } & Scores {
		if (cached.calibration !== calibration) {
			calibrate(cached.view.raw, calibration, cached.view.probs);
			cached.calibration = calibration;
		}
		const { reference } = this.teaching;
		if (remeasure && cached.reference !== reference) {
			cached.view.novelty = reference ? knnNovelty(reference, cached.view.embedding) : NaN;
			cached.reference = reference;
		}
		return cached.view;
	}

	/** The suggestion its latest scores make, in the classes it was scored with; undefined until there are two classes. */
	private suggestionOf(id: string): Suggestion | undefined {
		const cached = this.cache.get(id);
		if (!cached || cached.classIds.length < 2) return undefined;
		const { probs, novelty } = this.viewOf(cached, this.calibration, true);
		return { sampleId: id, ranked: topClasses(probs, cached.classIds, SUGGESTED_CLASSES), version: cached.version, ...(Number.isNaN(novelty) ? {} : { novelty }) };
	}

	/** Scores samples with the current weights, in one forward pass. */
	private async score(samples: readonly SessionSample[]): Promise<void> {
		if (samples.length === 0) return;
		const { learner, revision, features, classIds } = this.context;
		const version = this.lineage.version;
		const inputs = samples.map((s) => this.context.inputOf(s)!);
		const { probs, classes, embeddings, width } = await learner.predictAndEmbed(inputs);
		if (this.fresh.revision !== revision) this.fresh = { revision, count: 0 };
		const { reference } = this.teaching;
		const calibration = this.calibration;
		samples.forEach((s, i) => {
			if (this.cache.get(s.id)?.revision !== revision) this.fresh.count++;
			// With an extractor, its features are the better measure of likeness than the head's hidden layer.
			const embedding = features ? (inputs[i] as Float32Array) : embeddings.slice(i * width, (i + 1) * width);
			const outputs = probs.slice(i * classes, (i + 1) * classes);
			const raw = outputs.subarray(0, classIds.length);
			const novelty = reference ? knnNovelty(reference, embedding) : NaN;
			const view = { id: s.id, probs: calibrate(raw, calibration), raw, embedding, novelty };
			this.cache.set(s.id, { outputs, revision, version, classIds, view, calibration, reference });
		});
	}
}
