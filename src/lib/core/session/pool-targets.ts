import type { Example } from '../model/online-learner';
import type { PoolLearning, PoolView } from '../semi/pool-learning';
import type { ModelContext } from './context';
import type { SamplePool } from './pool';
import type { Scorer } from './scorer';

/**
 * What a way of learning from the unlabelled pool makes of it now, from each sample's latest scores
 * (no sample is scored for it: the background re-scoring keeps them fresh). Samples with ratings,
 * signals or painted feedback are left out: the human said something about them.
 */
export async function poolTargets(method: PoolLearning, context: ModelContext, pool: SamplePool, scorer: Scorer): Promise<Example[]> {
	const unlabelledIds = pool.unlabelledIds().filter((id) => !pool.hasLearnableSignal(id) && !pool.get(id)?.mask);
	const labelled = pool.labelled();
	const labelOf = new Map(labelled.map((e) => [e.id, e.label]));
	const withInput = (s: { id: string; raw: Float32Array; embedding: Float32Array }) => ({ id: s.id, raw: s.raw, embedding: s.embedding, input: context.inputOf(pool.get(s.id)!)! });
	const view: PoolView = {
		labelled: (await scorer.cachedScoresOf([...labelOf.keys()])).map((s) => ({ ...withInput(s), label: labelOf.get(s.id)! })),
		unlabelled: (await scorer.cachedScoresOf(unlabelledIds)).map(withInput),
		classes: context.classIds.length
	};
	return method.targets(view);
}
