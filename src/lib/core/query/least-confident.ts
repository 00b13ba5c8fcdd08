import type { QueryStrategy } from './strategy';
import { bestDistinct, topTwo } from './uncertainty';

/** Asks where the model's best guess is weakest: 1 - max p. */
export const leastConfident: QueryStrategy = {
	id: 'least-confident',
	name: 'Least confident',
	needs: {},
	select(pool, k) {
		return bestDistinct(pool, k, (c) => {
			const { first } = topTwo(c.probs);
			return { score: 1 - first.p, reason: { kind: 'least-confident', top: first.classIndex, p: first.p } };
		});
	}
};
