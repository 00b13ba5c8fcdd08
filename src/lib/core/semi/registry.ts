import { labelPropagation } from './label-propagation';
import type { PoolLearning, PoolLearningChoice, PoolLearningId } from './pool-learning';
import { pseudoLabels } from './pseudo-labels';

/** Every way of learning from the unlabelled pool, behind one interface (pool-learning.ts). */
export const POOL_LEARNING: readonly PoolLearning[] = [pseudoLabels, labelPropagation];

/**
 * What a project does unless the human chooses: chosen with `npm run bench -- al --semi` (README,
 * "Learning from the unlabelled pool").
 */
export const DEFAULT_POOL_LEARNING: PoolLearningChoice = 'pseudo-labels';

export function poolLearning(id: PoolLearningChoice | undefined): PoolLearning | undefined {
	return POOL_LEARNING.find((m) => m.id === id);
}

export function isPoolLearningChoice(value: unknown): value is PoolLearningChoice {
	return value === 'off' || POOL_LEARNING.some((m) => m.id === value);
}

export type { PoolLearningId };
