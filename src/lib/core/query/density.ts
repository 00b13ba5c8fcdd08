import { seededRandom, sample } from '../random';
import { distance } from './diversity';
import type { Candidate } from './strategy';

/** Neighbours a candidate's typicality is measured over (TypiClust, Hacohen et al. 2022, uses 20). */
export const TYPICAL_NEIGHBOURS = 20;
/** Candidates the neighbours are looked for among: a seeded sample, so a pool of 50,000 stays cheap. */
const REFERENCE = 512;

/**
 * How typical each candidate is of the pool: the inverse of its mean distance to its nearest
 * neighbours in the model's embedding. A dense region scores high, an outlier low.
 */
export function typicality(pool: readonly Candidate[], seed: number): Map<string, number> {
	const usable = pool.filter((c) => c.embedding && c.embedding.every(Number.isFinite));
	const reference = usable.length <= REFERENCE ? usable : sample(usable, REFERENCE, seededRandom(seed ^ 0x2545f491));
	const k = Math.min(TYPICAL_NEIGHBOURS, reference.length - 1);
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
		// The candidate itself is in the reference when sampled there: its 0 is skipped.
		const from = nearest[0] === 0 ? 1 : 0;
		let sum = 0;
		for (let i = from; i < from + k; i++) sum += nearest[i]!;
		out.set(c.id, 1 / (sum / k + 1e-9));
	}
	return out;
}
