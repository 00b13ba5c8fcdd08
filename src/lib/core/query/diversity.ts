import { seededRandom } from '../random';
import type { Candidate, Picked, QueryContext, QueryStrategy } from './strategy';

export function distance(a: Float32Array, b: Float32Array): number {
	let sum = 0;
	for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
	return Math.sqrt(sum);
}

/** Distance from an embedding to the nearest labelled one (Infinity with nothing labelled). */
export function toNearestLabelled(embedding: Float32Array, labelled: readonly Float32Array[]): number {
	return labelled.reduce((m, l) => Math.min(m, distance(embedding, l)), Infinity);
}

/**
 * k-center greedy (the core-set of Sener & Savarese 2018): repeatedly pick the candidate farthest from
 * everything labelled or picked so far, so a batch covers the embedding space and never holds two
 * near-duplicates. With nothing labelled yet, the first pick is a seeded draw.
 *
 * With `weight` (by candidate id), the distance is multiplied by it: the budget-aware default weighs
 * by typicality, so a batch spreads over dense regions rather than outliers. Then, with nothing
 * labelled, the heaviest candidate comes first, and a duplicate of a labelled sample is never asked.
 */
export function kCenterGreedy(pool: readonly Candidate[], k: number, context: QueryContext, weight?: ReadonlyMap<string, number>): Picked[] {
	const usable = pool.filter((c) => c.embedding && c.embedding.every(Number.isFinite) && (!weight || weight.has(c.id)));
	if (usable.length === 0 || k <= 0) return [];
	const nearest = Float64Array.from(usable, (c) => toNearestLabelled(c.embedding!, context.labelled));
	const weights = weight && Float64Array.from(usable, (c) => weight.get(c.id)!);
	const value = (i: number) => (weights ? (Number.isFinite(nearest[i]!) ? nearest[i]! : 1) * weights[i]! : nearest[i]!);
	const picks: Picked[] = [];
	const taken = new Uint8Array(usable.length);
	const typical = () => {
		const left = nearest.filter((d, i) => Number.isFinite(d) && !taken[i]).sort();
		return left[Math.floor(left.length / 2)] ?? 0; // as median() takes it
	};
	for (let n = 0; n < Math.min(k, usable.length); n++) {
		let best = -1;
		if (!weight && nearest.every((d) => !Number.isFinite(d))) {
			best = Math.floor(seededRandom(context.seed)() * usable.length);
		} else {
			let bestValue = -Infinity;
			for (let i = 0; i < usable.length; i++) {
				if (taken[i]) continue;
				const v = value(i);
				if (best < 0 || v > bestValue || (v === bestValue && usable[i]!.id < usable[best]!.id)) [best, bestValue] = [i, v];
			}
		}
		const duplicate = Number.isFinite(nearest[best]!) && nearest[best]! === 0;
		if (best < 0 || (duplicate && (picks.length > 0 || (weight && context.labelled.length > 0)))) break; // only duplicates left
		const chosen = usable[best]!;
		const d = Number.isFinite(nearest[best]!) ? nearest[best]! : 0;
		picks.push({ id: chosen.id, score: weight ? value(best) : d, reason: { kind: 'novel', distance: d, typical: typical() } });
		taken[best] = 1;
		for (let i = 0; i < usable.length; i++) nearest[i] = Math.min(nearest[i]!, distance(usable[i]!.embedding!, chosen.embedding!));
	}
	return picks;
}

/** The middle value (the upper one of an even count; 0 for none). */
export function median(values: readonly number[]): number {
	return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

export const diversity: QueryStrategy = {
	id: 'diversity',
	name: 'Diversity (core-set)',
	needs: { embeddings: true },
	select: kCenterGreedy
};
