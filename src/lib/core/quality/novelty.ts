/**
 * How unlike the taught data a sample is, so that what the model has never seen goes to the human
 * instead of being accepted. Scores compared by `npm run bench -- novelty`:
 * - `knn` (the default): the distance from the sample's embedding to its k-th nearest labelled
 *   embedding (cosine, on unit vectors; Sun et al. 2022, "Out-of-distribution detection with deep
 *   nearest neighbors"), divided by the same distance among the labelled samples themselves (its
 *   95th percentile, each left out of its own neighbours). Above 1: farther from what was taught
 *   than 95% of the taught samples are from each other. For pictures, the larger of that and the
 *   same measure on the picture itself (16x16): a small CNN taught a few labels maps what it never
 *   saw onto what it knows, where the pixels still tell them apart (a filled blot among rings and
 *   bars), and on digits the pair ranks as well as the embedding alone (bench).
 * - `softmax`: 1 minus the top class probability (Hendrycks & Gimpel 2017), the usual baseline; it
 *   needs no embeddings, but a network is often sure of what it never saw.
 */

export type NoveltyScore = 'knn' | 'softmax';

/** The labelled embeddings a sample is measured against: unit rows, and the taught samples' own spread. */
export interface NoveltyReference {
	rows: Float32Array;
	count: number;
	width: number;
	/** The 95th percentile of the labelled samples' own k-th neighbour distance: a novelty of 1. */
	scale: number;
}

/** The neighbour whose distance counts: the 5th, or nearer when few are taught (one per 10 taught samples), so that a small reference is not measured by its other classes. */
export const NEIGHBOURS = 5;
/** Fewer labelled samples than this say nothing of what is unlike them. */
export const MIN_REFERENCE = 6;
/** Labelled embeddings a reference keeps at most: measuring costs count x width per sample. */
export const MAX_REFERENCE = 400;
export { DEFAULT_NOVELTY_THRESHOLD } from '../settings';

const kOf = (count: number) => Math.max(1, Math.min(NEIGHBOURS, Math.floor(count / 10)));

/**
 * A reference from labelled embeddings (the caller samples them down to MAX_REFERENCE) of a model with
 * `classes` classes; null when too few: fewer than MIN_REFERENCE, or than 3 a class (with fewer,
 * nearly every unlabelled sample is unlike the handful taught, and saying so of each helps no one).
 */
export function noveltyReference(embeddings: readonly Float32Array[], classes = 2): NoveltyReference | null {
	const count = embeddings.length;
	if (count < Math.max(MIN_REFERENCE, 3 * classes)) return null;
	const width = embeddings[0]!.length;
	const rows = new Float32Array(count * width);
	embeddings.forEach((e, i) => rows.set(unit(e), i * width));
	const reference = { rows, count, width, scale: 1 };
	const own = embeddings.map((_, i) => kthDistance(reference, rows.subarray(i * width, (i + 1) * width), i));
	own.sort((a, b) => a - b);
	reference.scale = Math.max(own[Math.min(count - 1, Math.floor(0.95 * count))]!, 1e-6);
	return reference;
}

/** The `knn` score of one embedding against the reference. */
export function knnNovelty(reference: NoveltyReference, embedding: Float32Array): number {
	return kthDistance(reference, unit(embedding), -1) / reference.scale;
}

/** What the taught samples are measured by: their embeddings and, for pictures, the pictures. */
export interface TaughtReference {
	embedding: NoveltyReference;
	pixels: NoveltyReference | null;
}

/** The default score of a sample (its embedding, and its model input): the larger of the two measures. */
export function novelty(reference: TaughtReference, embedding: Float32Array, input: unknown): number {
	const byEmbedding = knnNovelty(reference.embedding, embedding);
	const pixels = reference.pixels && pixelVector(input);
	return pixels ? Math.max(byEmbedding, knnNovelty(reference.pixels!, pixels)) : byEmbedding;
}

/** A 32x32 ink grid averaged down to 16x16; null for any other input (a row's features, an extractor's). */
export function pixelVector(input: unknown): Float32Array | null {
	if (!(input instanceof Uint8Array) || input.length !== 1024) return null;
	const out = new Float32Array(256);
	for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) out[(y >> 1) * 16 + (x >> 1)]! += input[y * 32 + x]! / 4;
	return out;
}

/** The reference for labelled samples' embeddings and model inputs; null while too few are labelled (see noveltyReference). */
export function taughtReference(embeddings: readonly Float32Array[], inputs: readonly unknown[], classes: number): TaughtReference | null {
	const embedding = noveltyReference(embeddings, classes);
	if (!embedding) return null;
	const pixels = inputs.map(pixelVector);
	return { embedding, pixels: pixels.every((p) => p) ? noveltyReference(pixels as Float32Array[], classes) : null };
}

/** The `softmax` score: 1 minus the top probability. */
export function softmaxNovelty(probs: ArrayLike<number>): number {
	let top = 0;
	for (let c = 0; c < probs.length; c++) top = Math.max(top, probs[c]!);
	return 1 - top;
}

/** The cosine distance from a unit vector to its k-th nearest reference row (skipping row `skip`). */
function kthDistance(reference: NoveltyReference, query: Float32Array, skip: number): number {
	const { rows, count, width } = reference;
	const k = kOf(count);
	// The k largest similarities so far, smallest first.
	const best = new Float64Array(k).fill(-Infinity);
	for (let i = 0; i < count; i++) {
		if (i === skip) continue;
		let dot = 0;
		const offset = i * width;
		for (let j = 0; j < width; j++) dot += query[j]! * rows[offset + j]!;
		if (dot <= best[0]!) continue;
		let at = 0;
		while (at + 1 < k && best[at + 1]! < dot) {
			best[at] = best[at + 1]!;
			at++;
		}
		best[at] = dot;
	}
	return 1 - best[0]!;
}

function unit(values: Float32Array): Float32Array {
	let sum = 0;
	for (const v of values) sum += v * v;
	const norm = Math.sqrt(sum) || 1;
	return values.map((v) => v / norm);
}

/**
 * The area under the ROC curve of telling `positives` (novel) from `negatives` (taught) by score:
 * the chance that a random novel sample scores above a random taught one, ties counted half.
 */
export function auroc(positives: readonly number[], negatives: readonly number[]): number {
	if (positives.length === 0 || negatives.length === 0) return NaN;
	const all = [...positives.map((s) => ({ s, novel: true })), ...negatives.map((s) => ({ s, novel: false }))].sort((a, b) => a.s - b.s);
	let rankSum = 0;
	for (let i = 0; i < all.length; ) {
		let j = i;
		while (j < all.length && all[j]!.s === all[i]!.s) j++;
		const rank = (i + j + 1) / 2; // ranks from 1, ties share their mean
		for (let t = i; t < j; t++) if (all[t]!.novel) rankSum += rank;
		i = j;
	}
	return (rankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}
