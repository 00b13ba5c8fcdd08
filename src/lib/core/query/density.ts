import * as tf from '@tensorflow/tfjs';
import { seededRandom, sample } from '../random';
import { distance } from './diversity';
import type { Candidate } from './strategy';

/** Neighbours a candidate's typicality is measured over (TypiClust, Hacohen et al. 2022, uses 20). */
export const TYPICAL_NEIGHBOURS = 20;
/** Candidates the neighbours are looked for among: a seeded sample, so a pool of 50,000 stays cheap. */
const REFERENCE = 512;

/** The candidates whose typicality can be measured, the seeded reference their neighbours are looked for among, and how many neighbours. */
function neighbourhood(pool: readonly Candidate[], seed: number) {
	const usable = pool.filter((c) => c.embedding && c.embedding.every(Number.isFinite));
	const reference = usable.length <= REFERENCE ? usable : sample(usable, REFERENCE, seededRandom(seed ^ 0x2545f491));
	return { usable, reference, k: Math.min(TYPICAL_NEIGHBOURS, reference.length - 1) };
}

/** The typicality of a candidate from its distances to its nearest in the reference, nearest first (its own 0 included when it is there). */
function typicalityFrom(nearest: ArrayLike<number>, k: number): number {
	const from = nearest[0] === 0 ? 1 : 0; // the candidate itself, when it was sampled into the reference
	let sum = 0;
	for (let i = from; i < from + k; i++) sum += nearest[i]!;
	return 1 / (sum / k + 1e-9);
}

/**
 * How typical each candidate is of the pool: the inverse of its mean distance to its nearest
 * neighbours in the model's embedding. A dense region scores high, an outlier low. Plain arithmetic:
 * the reference typicalityOnBackend() is checked against.
 */
export function typicality(pool: readonly Candidate[], seed: number): Map<string, number> {
	const { usable, reference, k } = neighbourhood(pool, seed);
	const out = new Map<string, number>();
	if (k < 1) {
		for (const c of usable) out.set(c.id, 1);
		return out;
	}
	const nearest = new Float64Array(k + 1);
	for (const c of usable) {
		nearest.fill(Infinity);
		for (const r of reference) {
			const d = distance(c.embedding!, r.embedding!);
			if (d >= nearest[k]!) continue;
			let i = k;
			while (i > 0 && nearest[i - 1]! > d) (nearest[i] = nearest[i - 1]!), i--;
			nearest[i] = d;
		}
		out.set(c.id, typicalityFrom(nearest, k));
	}
	return out;
}

/** Candidates measured per part on the backend: an act that comes meanwhile waits for one part (~25 ms on WASM), not for all 2,000. */
export const TYPICALITY_PART = 500;

/**
 * typicality() on the model's backend, as the queue's ranking measures it: every distance at once as
 * one matrix product (|a−b|² = |a|² + |b|² − 2a·b, about the reference's mean so float32 keeps the
 * small ones) and the nearest by top-k. 2,000 candidates against 512 take ~0.2 s of plain arithmetic
 * on 2 cores, ~0.1 s here; `inTurn` runs each part of TYPICALITY_PART candidates (the worker's
 * scheduler, so an act goes first between parts).
 */
export async function typicalityOnBackend(pool: readonly Candidate[], seed: number, inTurn: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()): Promise<Map<string, number>> {
	const { usable, reference, k } = neighbourhood(pool, seed);
	if (k < 1) return new Map(usable.map((c) => [c.id, 1]));
	const width = Math.min(...reference.map((r) => r.embedding!.length));
	const pack = (cs: readonly Candidate[]) => {
		const packed = new Float32Array(cs.length * width);
		cs.forEach((c, i) => packed.set(c.embedding!.subarray(0, width), i * width));
		return packed;
	};
	const references = pack(reference);
	const column = new Map(reference.map((r, j) => [r.id, j]));
	const out = new Map<string, number>();
	const row = new Float64Array(k + 1);
	for (let from = 0; from < usable.length; from += TYPICALITY_PART) {
		const part = usable.slice(from, from + TYPICALITY_PART);
		await inTurn(async () => {
			const [distances, columns] = tf.tidy(() => {
				const refs = tf.tensor2d(references, [reference.length, width]);
				const mean = refs.mean(0, true);
				const b = refs.sub(mean);
				const a = tf.tensor2d(pack(part), [part.length, width]).sub(mean);
				const squared = a.square().sum(1, true).add(b.square().sum(1).expandDims(0)).sub(a.matMul(b, false, true).mul(2)).relu();
				const { values, indices } = tf.topk(squared.neg(), k + 1);
				return [values.neg().sqrt(), indices];
			});
			const [nearest, at] = await Promise.all([distances.data(), columns.data()]).finally(() => tf.dispose([distances, columns]));
			part.forEach((c, i) => {
				// Its own distance is 0 by definition, whatever float32 made of it.
				const own = column.get(c.id);
				for (let j = 0; j <= k; j++) row[j] = at[i * (k + 1) + j] === own ? 0 : nearest[i * (k + 1) + j]!;
				row.sort();
				out.set(c.id, typicalityFrom(row, k));
			});
		});
	}
	return out;
}
