import { typicality } from './density';
import { kCenterGreedy, median, toNearestLabelled } from './diversity';
import { margin } from './margin';
import type { Candidate, QueryContext, QueryStrategy, Reason } from './strategy';
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
	needs: { embeddings: true, typicality: (context) => uncertaintyWeight(context) < 1 },
	select(pool, k, context) {
		const w = uncertaintyWeight(context);
		if (w === 1) return margin.select(pool, k, context); // fully refining: distance and typicality weigh nothing
		const measured = pool.filter((c) => c.typicality !== undefined);
		const dense = measured.length > 0 ? new Map(measured.map((c) => [c.id, c.typicality!])) : typicality(pool, context.seed);
		if (w === 0) return kCenterGreedy(pool, k, context, dense);
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
