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
	// Each margin once, not once per comparison: at 50,000 samples that is the ranking's largest cost.
	const margin = new Map(
		pool.map((c) => {
			const { first, second } = topTwo(c.probs);
			return [c, first.p - second.p];
		})
	);
	const uncertain = [...pool].sort((a, b) => margin.get(a)! - margin.get(b)!);
	for (const c of uncertain.slice(0, Math.floor(limit / 4))) if (chosen.size < limit) chosen.set(c.id, c);
	const strata = new Map<number, Candidate[]>();
	for (const c of pool) {
		if (chosen.has(c.id)) continue;
		const top = topTwo(c.probs).first.classIndex;
		const stratum = strata.get(top);
		if (stratum) stratum.push(c);
		else strata.set(top, [c]);
	}
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
