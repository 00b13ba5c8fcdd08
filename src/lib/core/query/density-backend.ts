import * as tf from '@tensorflow/tfjs';
import { neighbourhood, typicalityFrom } from './density';
import type { Candidate } from './strategy';

// Apart from density.ts: the strategies' registry (and with it density.ts) is in the page's bundle,
// which must not carry tfjs; only the worker's ranking measures on the backend.

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
