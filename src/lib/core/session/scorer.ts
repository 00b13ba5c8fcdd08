import { topClasses } from '../metrics/top-class';
import { nearest } from '../model/neighbours';
import type { Calibration } from '../quality/calibration';
import { scored, upToDate, type Cached, type Scores } from './scored';
import type { ModelContext } from './context';
import type { Lineage } from './lineage';
import type { SamplePool } from './pool';
import type { Teaching } from './teaching';
import type { NeighbourInfo, SessionSample, Suggestion } from './types';

export type { Scores };

/** Classes a suggestion lists. */
export const SUGGESTED_CLASSES = 3;
/**
 * Samples re-scored in one background step: between steps, the human's next act goes first. Scoring
 * costs the same per sample in chunks of 64 as of 512 (~0.35 ms each for the CNN on WASM, 2 cores),
 * but an act that comes during a chunk of 512 waits ~230 ms for it, and ~22 ms for one of 64.
 */
export const RESCORE_CHUNK = 64;

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
		return { ...this.viewOf(this.cache.get(id)!, this.calibration) };
	}

	/** The calibration in force now (core/quality/calibration.ts), on the labels the model has learned (not those held while frozen). */
	private get calibration(): Calibration {
		return this.teaching.calibration(Math.max(0, this.pool.labelledCount - this.pool.heldCount));
	}

	/** A sample's view, calibrated as now; `remeasure`: its novelty measured again if the reference changed (see upToDate). */
	private viewOf(cached: Cached, calibration: Calibration, remeasure = false): { id: string } & Scores {
		const sample = remeasure ? this.pool.get(cached.view.id) : undefined;
		return upToDate(cached, calibration, sample && { reference: this.teaching.reference, input: this.context.inputOf(sample) });
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
			this.cache.set(s.id, scored(s.id, outputs, embedding, inputs[i], { revision, version, classIds }, calibration, reference));
		});
	}
}
