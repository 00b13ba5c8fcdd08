import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../random';
import type { Classifier } from './explainer';

/** The class probability after each step (`curve[0]` untouched, the last with every element moved) and the area under it. */
export interface Curve {
	curve: number[];
	/** Trapezoid area under probability against the fraction of elements moved (0..1). */
	auc: number;
}

export interface DeletionReport {
	/** Elements blanked in the map's order, most relevant first: a faithful map makes this fall fast (low AUC). */
	deletion: Curve;
	/** Elements restored onto a blank input in the map's order: a faithful map makes this rise fast (high AUC). */
	insertion: Curve;
	/** The same with random orders, averaged: what a map that knows nothing scores. */
	randomDeletion: Curve;
	randomInsertion: Curve;
	/** deletion.auc / randomDeletion.auc: below 1 beats chance, near 0 is best, above 1 is worse than random. */
	deletionRatio: number;
}

export interface DeletionOptions {
	/** Equal chunks the elements are moved in (default 32, at most one per element), so each curve has steps + 1 points. */
	steps?: number;
	/** Random orders averaged for the baseline (default 5). */
	randomOrders?: number;
	/** Seeds the random orders and the tie-breaking among equal attributions (default 1). */
	seed?: number;
	/** What a deleted element becomes (default 0: no ink for images, the mean for standardised features). */
	blank?: number;
	/** Images per forward pass (default 128). */
	batchSize?: number;
}

/**
 * Deletion and insertion curves (Petsiuk et al. 2018, RISE) of `attribution` (one value per element of
 * `input`, shape [1, ...]) for `classIndex`, with a random-order baseline. Elements the map ties on are
 * put in a seeded random order among themselves: the map says nothing about which of them comes first,
 * and index order would hand a flat map whatever the layout (background first) happens to be worth.
 */
export async function deletionCurves(
	model: Classifier, input: tf.Tensor, classIndex: number, attribution: Float32Array, options: DeletionOptions = {}
): Promise<DeletionReport> {
	const { steps = 32, randomOrders = 5, seed = 1, blank = 0, batchSize = 128 } = options;
	if (input.shape[0] !== 1) throw new Error(`deletion curves take one input [1, ...], not a batch of ${input.shape[0]}`);
	if (attribution.length !== input.size) throw new Error(`the map has ${attribution.length} values for ${input.size} input elements`);
	const original = (await input.data()) as Float32Array;
	const random = seededRandom(seed);
	const orders = [byAttribution(attribution, random), ...Array.from({ length: randomOrders }, () => permutation(original.length, random))];
	const chunks = Math.min(steps, original.length);
	const cuts = Array.from({ length: chunks + 1 }, (_, i) => Math.round((i * original.length) / chunks));

	// Every curve's images in one stream (per order: deletion's steps + 1, then insertion's), scored in
	// batches; made as they are scored, so a big input's hundreds of images are never all in memory.
	const images = (function* () {
		for (const order of orders) for (const deletion of [true, false]) yield* curveImages(original, order, cuts, blank, deletion);
	})();
	const p = await classProbabilities(model, input.shape, images, classIndex, batchSize);
	const curveAt = (order: number, insertion: boolean) => p.slice((2 * order + (insertion ? 1 : 0)) * cuts.length, (2 * order + (insertion ? 2 : 1)) * cuts.length);
	const x = cuts.map((k) => k / original.length);
	const averaged = (insertion: boolean) => {
		const curves = orders.slice(1).map((_, r) => curveAt(r + 1, insertion));
		return cuts.map((_, i) => curves.reduce((s, c) => s + c[i]!, 0) / curves.length);
	};
	const deletion = withArea(curveAt(0, false), x);
	const randomDeletion = withArea(averaged(false), x);
	return {
		deletion,
		insertion: withArea(curveAt(0, true), x),
		randomDeletion,
		randomInsertion: withArea(averaged(true), x),
		deletionRatio: deletion.auc / randomDeletion.auc
	};
}

/** Element indices by decreasing attribution, ties in random order. */
function byAttribution(attribution: Float32Array, random: () => number): Int32Array {
	const tieBreak = Float64Array.from(attribution, () => random());
	const order = Int32Array.from(attribution, (_, i) => i);
	return order.sort((a, b) => attribution[b]! - attribution[a]! || tieBreak[a]! - tieBreak[b]!);
}

function permutation(n: number, random: () => number): Int32Array {
	const order = Int32Array.from({ length: n }, (_, i) => i);
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[order[i], order[j]] = [order[j]!, order[i]!];
	}
	return order;
}

/** One image per cut: deletion blanks the first `cut` elements of `order`; insertion restores only them onto a blank input. */
function* curveImages(original: Float32Array, order: Int32Array, cuts: number[], blank: number, deletion: boolean): Generator<Float32Array> {
	const image = deletion ? original.slice() : new Float32Array(original.length).fill(blank);
	let done = 0;
	for (const cut of cuts) {
		for (; done < cut; done++) image[order[done]!] = deletion ? blank : original[order[done]!]!;
		yield image;
	}
}

/** p(classIndex) for each image, in order; an image is copied into its batch before the next is made. */
async function classProbabilities(model: Classifier, shape: number[], images: Iterator<Float32Array>, classIndex: number, batchSize: number): Promise<number[]> {
	const out: number[] = [];
	const size = shape.reduce((a, b) => a * b, 1);
	for (let next = images.next(); !next.done; ) {
		// A fresh buffer per batch: backends may keep the array a tensor was made from, not a copy.
		const values = new Float32Array(batchSize * size);
		let n = 0;
		for (; n < batchSize && !next.done; n++, next = images.next()) values.set(next.value, n * size);
		const probs = tf.tidy(() => model(tf.tensor(n === batchSize ? values : values.slice(0, n * size), [n, ...shape.slice(1)])));
		try {
			const data = await probs.data();
			const classes = probs.shape[1]!;
			for (let i = 0; i < n; i++) out.push(data[i * classes + classIndex]!);
		} finally {
			probs.dispose();
		}
	}
	return out;
}

function withArea(curve: number[], x: number[]): Curve {
	let auc = 0;
	for (let i = 1; i < curve.length; i++) auc += ((curve[i]! + curve[i - 1]!) / 2) * (x[i]! - x[i - 1]!);
	return { curve, auc };
}
