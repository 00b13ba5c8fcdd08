import { budgetAware } from './budget-aware';
import { committeeKl, committeeVote } from './committee';
import { diversity } from './diversity';
import { entropy } from './entropy';
import { leastConfident } from './least-confident';
import { margin } from './margin';
import { randomStrategy } from './random';
import type { QueryStrategy } from './strategy';

/** Every query strategy the app offers, in the order the UI lists them. Add new ones here. */
export const STRATEGIES: readonly QueryStrategy[] = [budgetAware, margin, leastConfident, entropy, committeeVote, committeeKl, diversity, randomStrategy];

export const DEFAULT_STRATEGY = budgetAware.id;

export function strategyById(id: string): QueryStrategy {
	const found = STRATEGIES.find((s) => s.id === id);
	if (!found) throw new Error(`No query strategy "${id}"`);
	return found;
}
