import type { Candidate, QueryContext } from '$lib/core/query/strategy';
import { seededRandom } from '$lib/core/random';

/** A normalised probability vector from raw weights. */
export function probs(...weights: number[]): Float32Array {
	const sum = weights.reduce((a, b) => a + b, 0);
	return Float32Array.from(weights.map((w) => w / sum));
}

/** A candidate with everything any strategy may need: probabilities, an embedding and committee votes. */
export function candidate(id: string, p: Float32Array, embedding: number[], votes: Float32Array[] = [p, p, p]): Candidate {
	return { id, probs: p, embedding: Float32Array.from(embedding), votes };
}

/** `n` random candidates over `classes` classes, with `width`-wide embeddings and a 5-member committee. */
export function randomPool(n: number, classes = 3, width = 8, seed = 1): Candidate[] {
	const random = seededRandom(seed);
	const vector = (len: number) => Array.from({ length: len }, () => random() + 1e-3);
	return Array.from({ length: n }, (_, i) => {
		const p = probs(...vector(classes));
		return candidate(`c${i}`, p, vector(width), Array.from({ length: 5 }, () => probs(...vector(classes))));
	});
}

export function context(overrides: Partial<QueryContext> = {}): QueryContext {
	return { labelled: [], labelCount: 0, classes: 3, seed: 7, ...overrides };
}
