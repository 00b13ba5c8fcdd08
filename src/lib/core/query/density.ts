import { seededRandom, sample } from '../random';
import { distance } from './diversity';
import type { Candidate } from './strategy';

/** Neighbours a candidate's typicality is measured over (TypiClust, Hacohen et al. 2022, uses 20). */
export const TYPICAL_NEIGHBOURS = 20;
/** Candidates the neighbours are looked for among: a seeded sample, so a pool of 50,000 stays cheap. */
const REFERENCE = 512;

/** The candidates whose typicality can be measured, the seeded reference their neighbours are looked for among, and how many neighbours. */
export function neighbourhood(pool: readonly Candidate[], seed: number) {
	const usable = pool.filter((c) => c.embedding && c.embedding.every(Number.isFinite));
	const reference = usable.length <= REFERENCE ? usable : sample(usable, REFERENCE, seededRandom(seed ^ 0x2545f491));
	return { usable, reference, k: Math.min(TYPICAL_NEIGHBOURS, reference.length - 1) };
}

/** The typicality of a candidate from its distances to its nearest in the reference, nearest first (its own 0 included when it is there). */
export function typicalityFrom(nearest: ArrayLike<number>, k: number): number {
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
