import { sample, seededRandom } from '../random';
import type { Candidate } from './strategy';
import { topTwo } from './uncertainty';

/**
 * Candidates a strategy that compares samples with one another (diversity, the budget-aware default,
 * a committee) ranks at most. Its cost grows with the candidates times a reference sample, so a pool
 * of 50,000 is ranked from a subset; measured with the al bench (--candidates) on digits.
 */
export const MAX_CANDIDATES = 2000;

/**
 * A documented approximation of the whole pool for those strategies: the queue's current picks (so
 * a good pick is not dropped by chance), the most uncertain quarter by the model's margin (what a
 * refining strategy asks), and the rest drawn at random, stratified by the model's top class (so a
 * dense region or a rare class an exploring strategy looks for is still there). Seeded; the pool as
 * it is when it is small enough.
 */
export function chooseCandidates(pool: readonly Candidate[], limit: number, previous: readonly string[], seed: number): Candidate[] {
	if (pool.length <= limit) return [...pool];
	const chosen = new Map<string, Candidate>();
	const byId = new Map(pool.map((c) => [c.id, c]));
	for (const id of previous) if (byId.has(id) && chosen.size < limit) chosen.set(id, byId.get(id)!);
	// Each sample's margin and top class once; the most uncertain quarter found by the margin it must be
	// under (a typed-array sort), not by sorting 50,000 candidates: the same set, in pool order.
	const margins = new Float64Array(pool.length);
	const tops = new Int32Array(pool.length);
	pool.forEach((c, i) => {
		const { first, second } = topTwo(c.probs);
		[margins[i], tops[i]] = [first.p - second.p, first.classIndex];
	});
	const quarter = Math.floor(limit / 4);
	if (quarter > 0) {
		const cut = Float64Array.from(margins).sort()[quarter - 1]!;
		let atCut = quarter - margins.filter((m) => m < cut).length; // ties at the cut: the first in pool order, as a stable sort takes them
		pool.forEach((c, i) => {
			if (chosen.size >= limit || margins[i]! > cut || (margins[i] === cut && atCut-- <= 0)) return;
			chosen.set(c.id, c);
		});
	}
	const strata = new Map<number, Candidate[]>();
	pool.forEach((c, i) => {
		if (chosen.has(c.id)) return;
		const stratum = strata.get(tops[i]!);
		if (stratum) stratum.push(c);
		else strata.set(tops[i]!, [c]);
	});
	const random = seededRandom(seed ^ 0x1b873593);
	const left = limit - chosen.size;
	const rest = [...strata.values()].reduce((n, s) => n + s.length, 0);
	for (const stratum of strata.values()) {
		const share = Math.max(1, Math.round((left * stratum.length) / rest));
		for (const c of sample(stratum, Math.min(share, stratum.length), random)) if (chosen.size < limit) chosen.set(c.id, c);
	}
	// Keep the pool's order, so ties break as they would over the whole pool.
	return pool.filter((c) => chosen.has(c.id));
}
