import { topIndex } from '../metrics/top-class';
import { labelledClasses, pickTargets, type PoolLearning, type PoolView, type ScoredSample } from './pool-learning';

/** Neighbours each sample is joined to in the graph. */
const K = 10;
/** How much a sample takes from its neighbours against its own label (Zhou et al.'s alpha). */
const ALPHA = 0.99;
const ITERATIONS = 20;
/** Samples in the graph at most. */
export const MAX_GRAPH = 1500;
/**
 * And fewer for long embeddings: the graph costs nodes² × width multiplications, kept under this (~50
 * ms on a phone-class core), as the worker does not pause inside it: 880 nodes of the CNN's 64 values,
 * 220 of a note's 1,024.
 */
const GRAPH_WORK = 5e7;
/** A propagated label is learned when at least this share of what reached the sample is one class. */
export const PROPAGATION_THRESHOLD = 0.8;

/**
 * Label propagation (Zhou et al. 2004, "Learning with local and global consistency"): the labelled and
 * unlabelled samples are joined to their K most alike (cosine of the model's embeddings), the labels
 * spread along the graph, and each unlabelled sample that most of what reached it agrees on is learned
 * as that class, at a third of a label's weight. Unlike pseudo-labels it can label a sample the model
 * is unsure of, if the samples around it are clear.
 */
export const labelPropagation: PoolLearning = {
	id: 'label-propagation',
	name: 'Label propagation',
	samples: 'the unlabelled samples its labels reach through the most alike',
	targets(view) {
		if (labelledClasses(view).size < 2 || view.unlabelled.length === 0) return [];
		const width = view.labelled[0]!.embedding.length;
		const most = Math.max(2, Math.min(MAX_GRAPH, Math.floor(Math.sqrt(GRAPH_WORK / Math.max(1, width)))));
		const labelled = Math.min(view.labelled.length, Math.ceil(most / 2));
		const taught = spread(view.labelled, labelled);
		const nodes = [...taught, ...spread(view.unlabelled, most - labelled)];
		const spreadLabels = propagate(nodes, taught.map((s) => s.label), view.classes);
		const candidates = nodes.slice(labelled).flatMap((sample, i) => {
			const row = spreadLabels.subarray((labelled + i) * view.classes, (labelled + i + 1) * view.classes);
			const total = row.reduce((a, b) => a + b, 0);
			if (!(total > 0)) return [];
			const label = topIndex(row);
			const confidence = row[label]! / total;
			return confidence >= PROPAGATION_THRESHOLD ? [{ sample, label, confidence }] : [];
		});
		return pickTargets(view, candidates);
	}
};

/** Up to `n` samples spread evenly over the list (its order is the pool's, not the model's liking). */
function spread<T>(items: readonly T[], n: number): T[] {
	if (items.length <= n) return [...items];
	return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

/** The propagated label mass, [nodes, classes] row-major; the first `labels.length` nodes are labelled. */
export function propagate(nodes: readonly Pick<ScoredSample, 'embedding'>[], labels: readonly number[], classes: number): Float32Array {
	const n = nodes.length;
	const unit = nodes.map((s) => normalised(s.embedding));
	const edges = symmetricKnn(unit, Math.min(K, n - 1));
	const degree = new Float64Array(n);
	for (const [i, j, w] of edges) {
		degree[i] = degree[i]! + w;
		degree[j] = degree[j]! + w;
	}
	const y = new Float32Array(n * classes);
	labels.forEach((c, i) => (y[i * classes + c] = 1));
	let f = Float32Array.from(y);
	for (let step = 0; step < ITERATIONS; step++) {
		const next = new Float32Array(n * classes);
		for (const [i, j, w] of edges) {
			const s = w / Math.sqrt(degree[i]! * degree[j]!);
			for (let c = 0; c < classes; c++) {
				next[i * classes + c] = next[i * classes + c]! + s * f[j * classes + c]!;
				next[j * classes + c] = next[j * classes + c]! + s * f[i * classes + c]!;
			}
		}
		for (let k = 0; k < next.length; k++) next[k] = ALPHA * next[k]! + (1 - ALPHA) * y[k]!;
		f = next;
	}
	return f;
}

function normalised(v: Float32Array): Float32Array {
	let norm = 0;
	for (const x of v) norm += x * x;
	norm = Math.sqrt(norm) || 1;
	return v.map((x) => x / norm);
}

/** Each node joined to its k most alike (positive cosine only), as undirected weighted edges [i, j, w] with i < j, each once. */
function symmetricKnn(unit: readonly Float32Array[], k: number): [number, number, number][] {
	const edges = new Map<number, [number, number, number]>();
	const n = unit.length;
	const sims = new Float32Array(n);
	for (let i = 0; i < n; i++) {
		const a = unit[i]!;
		for (let j = 0; j < n; j++) {
			if (j === i) {
				sims[j] = -Infinity;
				continue;
			}
			const b = unit[j]!;
			let dot = 0;
			for (let d = 0; d < a.length; d++) dot += a[d]! * b[d]!;
			sims[j] = dot;
		}
		for (const j of topK(sims, k)) {
			const w = sims[j]!;
			if (!(w > 0)) continue;
			const [lo, hi] = i < j ? [i, j] : [j, i];
			edges.set(lo * n + hi, [lo, hi, w]);
		}
	}
	return [...edges.values()];
}

/** Indices of the k largest values. */
function topK(values: Float32Array, k: number): number[] {
	const best: number[] = [];
	for (let j = 0; j < values.length; j++) {
		if (best.length < k) {
			best.push(j);
			if (best.length === k) best.sort((a, b) => values[b]! - values[a]!);
		} else if (values[j]! > values[best[k - 1]!]!) {
			let at = k - 1;
			while (at > 0 && values[j]! > values[best[at - 1]!]!) at--;
			best.splice(at, 0, j);
			best.pop();
		}
	}
	return best;
}

export type { PoolView };
