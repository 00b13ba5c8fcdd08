import { kCenterGreedy, toNearestLabelled } from './diversity';
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
 * anything labelled (diversity); as labels grow it moves to the ones nearest the boundary (margin).
 */
export const budgetAware: QueryStrategy = {
	id: 'budget-aware',
	name: 'Budget-aware (default)',
	needs: { embeddings: true },
	select(pool, k, context) {
		const w = uncertaintyWeight(context);
		if (w === 0) return kCenterGreedy(pool, k, context);
		const novelty = new Map<string, number>();
		for (const c of pool) {
			const d = c.embedding ? toNearestLabelled(c.embedding, context.labelled) : 0;
			novelty.set(c.id, Number.isFinite(d) ? d : 0);
		}
		const farthest = [...novelty.values()].reduce((m, d) => Math.max(m, d), 1e-12);
		const sorted = [...novelty.values()].sort((a, b) => a - b);
		const typical = sorted[Math.floor(sorted.length / 2)] ?? 0;
		return bestDistinct(pool, k, (c: Candidate) => {
			const { first, second } = topTwo(c.probs);
			const uncertain = 1 - (first.p - second.p);
			const novel = novelty.get(c.id)! / farthest;
			const reason: Reason =
				w * uncertain >= (1 - w) * novel
					? { kind: 'margin', first, second }
					: { kind: 'novel', distance: novelty.get(c.id)!, typical };
			return { score: w * uncertain + (1 - w) * novel, reason };
		});
	}
};
