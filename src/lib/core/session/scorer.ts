import { topClasses } from '../metrics/top-class';
import { nearest } from '../model/neighbours';
import type { ModelContext } from './context';
import type { Lineage } from './lineage';
import type { SamplePool } from './pool';
import type { NeighbourInfo, SessionSample, Suggestion } from './types';

/** Classes a suggestion lists. */
export const SUGGESTED_CLASSES = 3;

/** One sample's class probabilities (one per model output) and its embedding. */
export interface Scores {
	probs: Float32Array;
	/** The extractor's features, or the CNN's penultimate layer: what likeness is measured by. */
	embedding: Float32Array;
}

/**
 * What the model makes of the samples: their probabilities and embeddings from one forward pass,
 * remembered until the weights change, so the suggestions after an act, the queue's ranking and the
 * neighbours share them.
 */
export class Scorer {
	private readonly cache = new Map<string, Scores>();
	/** The weights the cache holds scores of (ModelContext.revision). */
	private cachedAt = -1;

	constructor(
		private readonly context: ModelContext,
		private readonly pool: SamplePool,
		private readonly lineage: Lineage
	) {}

	/** Drops what is remembered of samples that changed or went. */
	forget(ids: readonly string[]): void {
		for (const id of ids) this.cache.delete(id);
	}

	/** The model's top classes for the given samples (all when none given); none until there are two classes. */
	async suggest(ids?: readonly string[]): Promise<Suggestion[]> {
		const { classIds } = this.context;
		if (classIds.length < 2) return [];
		const scored = await this.scoresOf(ids ?? this.pool.ids());
		return scored.map(({ id, probs }) => ({ sampleId: id, ranked: topClasses(probs, classIds, SUGGESTED_CLASSES), version: this.lineage.version }));
	}

	/** Probabilities (one per class, in class order) and embeddings of the samples the model can score; unknown ids are left out. */
	async scoresOf(ids: readonly string[]): Promise<({ id: string } & Scores)[]> {
		const known = ids.map((id) => this.pool.get(id)).filter((s): s is SessionSample => !!s && !!this.context.inputOf(s));
		const scores = await this.score(known);
		const classes = this.context.classIds.length;
		return known.map((s) => {
			const { probs, embedding } = scores.get(s.id)!;
			return { id: s.id, probs: probs.subarray(0, classes), embedding };
		});
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

	/** Each sample's scores under the current weights: one forward pass for those not already remembered. */
	private async score(samples: readonly SessionSample[]): Promise<Map<string, Scores>> {
		const { learner, revision, features } = this.context;
		if (revision !== this.cachedAt) {
			this.cache.clear();
			this.cachedAt = revision;
		}
		const missing = samples.filter((s) => !this.cache.has(s.id));
		if (missing.length > 0) {
			const inputs = missing.map((s) => this.context.inputOf(s)!);
			const { probs, classes, embeddings, width } = await learner.predictAndEmbed(inputs);
			missing.forEach((s, i) => {
				// With an extractor, its features are the better measure of likeness than the head's hidden layer.
				const embedding = features ? (inputs[i] as Float32Array) : embeddings.slice(i * width, (i + 1) * width);
				this.cache.set(s.id, { probs: probs.slice(i * classes, (i + 1) * classes), embedding });
			});
		}
		return new Map(samples.map((s) => [s.id, this.cache.get(s.id)!]));
	}
}
