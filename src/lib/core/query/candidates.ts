import { seededRandom } from '../random';
import type { Candidate } from './strategy';

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
	// By index, in typed arrays: a pool of 50,000 is cut in ~17 ms, not ~50 with objects and maps per sample (Node, 2 cores).
	const n = pool.length;
	const chosen = new Uint8Array(n);
	let count = 0;
	const take = (i: number) => {
		if (chosen[i] || count >= limit) return;
		chosen[i] = 1;
		count++;
	};
	if (previous.length > 0) {
		const wanted = new Set(previous);
		for (let i = 0; i < n; i++) if (wanted.has(pool[i]!.id)) take(i);
	}
	// Each sample's margin and top class once (as topTwo gives them); the most uncertain quarter found
	// by the margin it must be under: the same set, in pool order.
	const margins = new Float64Array(n);
	const tops = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		const probs = pool[i]!.probs;
		let a = -1;
		let b = -1;
		for (let c = 0; c < probs.length; c++) {
			if (a < 0 || probs[c]! > probs[a]!) {
				b = a;
				a = c;
			} else if (b < 0 || probs[c]! > probs[b]!) b = c;
		}
		margins[i] = (probs[a] ?? 1) - (b >= 0 ? probs[b]! : 0);
		tops[i] = a;
	}
	const quarter = Math.floor(limit / 4);
	if (quarter > 0) {
		const cut = Float64Array.from(margins).sort()[quarter - 1]!;
		let atCut = quarter;
		for (let i = 0; i < n; i++) if (margins[i]! < cut) atCut--; // ties at the cut: the first in pool order, as a stable sort takes them
		for (let i = 0; i < n && count < limit; i++) {
			if (margins[i]! > cut || (margins[i] === cut && atCut-- <= 0)) continue;
			take(i);
		}
	}
	// The rest at random within each top class, in proportion to its size (strata in order of first appearance).
	const strata = new Map<number, number[]>();
	for (let i = 0; i < n; i++) {
		if (chosen[i]) continue;
		const stratum = strata.get(tops[i]!);
		if (stratum) stratum.push(i);
		else strata.set(tops[i]!, [i]);
	}
	const random = seededRandom(seed ^ 0x1b873593);
	const left = limit - count;
	const rest = [...strata.values()].reduce((sum, s) => sum + s.length, 0);
	for (const stratum of strata.values()) {
		const share = Math.max(1, Math.round((left * stratum.length) / rest));
		// A partial Fisher-Yates shuffle, as random.ts's sample() draws, in place on the stratum's own list.
		for (let i = 0; i < Math.min(share, stratum.length); i++) {
			const j = i + Math.floor(random() * (stratum.length - i));
			const drawn = stratum[j]!;
			stratum[j] = stratum[i]!;
			stratum[i] = drawn;
			take(drawn);
		}
	}
	// Keep the pool's order, so ties break as they would over the whole pool.
	const out: Candidate[] = [];
	for (let i = 0; i < n; i++) if (chosen[i]) out.push(pool[i]!);
	return out;
}
