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
 */
export function kCenterGreedy(pool: readonly Candidate[], k: number, context: QueryContext): Picked[] {
	const usable = pool.filter((c) => c.embedding && c.embedding.every(Number.isFinite));
	if (usable.length === 0 || k <= 0) return [];
	const nearest = usable.map((c) => toNearestLabelled(c.embedding!, context.labelled));
	const picks: Picked[] = [];
	const taken = new Set<number>();
	const typical = () => {
		const finite = nearest.filter((d, i) => Number.isFinite(d) && !taken.has(i)).sort((a, b) => a - b);
		return finite[Math.floor(finite.length / 2)] ?? 0;
	};
	for (let n = 0; n < Math.min(k, usable.length); n++) {
		let best = -1;
		if (nearest.every((d) => !Number.isFinite(d))) {
			best = Math.floor(seededRandom(context.seed)() * usable.length);
		} else {
			for (let i = 0; i < usable.length; i++) {
				if (taken.has(i)) continue;
				if (best < 0 || nearest[i]! > nearest[best]! || (nearest[i] === nearest[best] && usable[i]!.id < usable[best]!.id)) best = i;
			}
		}
		if (best < 0 || (Number.isFinite(nearest[best]!) && nearest[best]! === 0 && picks.length > 0)) break; // only duplicates left
		const chosen = usable[best]!;
		const d = Number.isFinite(nearest[best]!) ? nearest[best]! : 0;
		picks.push({ id: chosen.id, score: d, reason: { kind: 'novel', distance: d, typical: typical() } });
		taken.add(best);
		for (let i = 0; i < usable.length; i++) nearest[i] = Math.min(nearest[i]!, distance(usable[i]!.embedding!, chosen.embedding!));
	}
	return picks;
}

export const diversity: QueryStrategy = {
	id: 'diversity',
	name: 'Diversity (core-set)',
	needs: { embeddings: true },
	select: kCenterGreedy
};
