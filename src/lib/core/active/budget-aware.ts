import { typicality } from './density';
import { distance, toNearestLabelled } from './diversity';
import type { Candidate, Picked, QueryContext, QueryStrategy, Reason } from './strategy';
import { bestDistinct, topTwo } from './uncertainty';

/**
 * How far the default has moved from exploring to refining: 0 until every class could have one label,
 * 1 once there are two per class, linear in between. Measured with the al bench on digits (5 seeds):
 * a slower ramp, to five per class, asked worse than margin alone up to 100 labels (accuracy at 50
 * labels 0.821 against 0.848), so the model's uncertainty is worth trusting early.
 */
export function uncertaintyWeight(context: Pick<QueryContext, 'labelCount' | 'classes'>): number {
	const classes = Math.max(2, context.classes);
	return Math.min(1, Math.max(0, (context.labelCount - classes) / classes));
}

/**
 * The default. With few labels the model's confidence means little, so it asks about samples unlike
 * anything labelled that are also typical of many unlabelled ones (a dense region, not an outlier: the
 * low-budget lesson of TypiClust, Hacohen et al. 2022); as labels grow it moves to the ones nearest the
 * boundary (margin). Measured with the al bench on digits (3 seeds, 60 labels): exploring by distance
 * alone (k-center) reached 0.909 accuracy, weighing it by typicality 0.920.
 */
export const budgetAware: QueryStrategy = {
	id: 'budget-aware',
	name: 'Budget-aware (default)',
	needs: { embeddings: true },
	select(pool, k, context) {
		const w = uncertaintyWeight(context);
		const dense = typicality(pool, context.seed);
		if (w === 0) return typicalCenters(pool, k, context, dense);
		const densest = [...dense.values()].reduce((m, d) => Math.max(m, d), 1e-12);
		const novelty = new Map<string, number>();
		for (const c of pool) {
			const d = c.embedding ? toNearestLabelled(c.embedding, context.labelled) : 0;
			novelty.set(c.id, Number.isFinite(d) ? d : 0);
		}
		const farthest = [...novelty.values()].reduce((m, d) => Math.max(m, d), 1e-12);
		const typical = median([...novelty.values()]);
		return bestDistinct(pool, k, (c: Candidate) => {
			const { first, second } = topTwo(c.probs);
			const uncertain = 1 - (first.p - second.p);
			const novel = (novelty.get(c.id)! / farthest) * ((dense.get(c.id) ?? 0) / densest);
			const reason: Reason =
				w * uncertain >= (1 - w) * novel ? { kind: 'margin', first, second } : { kind: 'novel', distance: novelty.get(c.id)!, typical };
			return { score: w * uncertain + (1 - w) * novel, reason };
		});
	}
};

/**
 * Exploring alone: repeatedly the candidate with the most (distance to everything labelled or picked
 * so far) × (typicality), so a batch spreads over the dense regions no label covers yet. With nothing
 * labelled, the most typical sample comes first.
 */
function typicalCenters(pool: readonly Candidate[], k: number, context: QueryContext, dense: Map<string, number>): Picked[] {
	const usable = pool.filter((c) => dense.has(c.id));
	const nearest = usable.map((c) => toNearestLabelled(c.embedding!, context.labelled));
	const picks: Picked[] = [];
	const taken = new Set<number>();
	for (let n = 0; n < Math.min(k, usable.length); n++) {
		const spread = (i: number) => (Number.isFinite(nearest[i]!) ? nearest[i]! : 1) * dense.get(usable[i]!.id)!;
		let best = -1;
		for (let i = 0; i < usable.length; i++) {
			if (taken.has(i)) continue;
			if (best < 0 || spread(i) > spread(best) || (spread(i) === spread(best) && usable[i]!.id < usable[best]!.id)) best = i;
		}
		if (nearest[best] === 0 && (picks.length > 0 || context.labelled.length > 0)) break; // only duplicates of what is labelled or picked
		const chosen = usable[best]!;
		const d = Number.isFinite(nearest[best]!) ? nearest[best]! : 0;
		picks.push({ id: chosen.id, score: spread(best), reason: { kind: 'novel', distance: d, typical: median(nearest.filter((x, i) => Number.isFinite(x) && !taken.has(i))) } });
		taken.add(best);
		for (let i = 0; i < usable.length; i++) nearest[i] = Math.min(nearest[i]!, distance(usable[i]!.embedding!, chosen.embedding!));
	}
	return picks;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
