import type { QueryStrategy } from './strategy';
import { bestDistinct, topTwo } from './uncertainty';

/** Asks where the top two classes are closest: near the decision boundary. */
export const margin: QueryStrategy = {
	id: 'margin',
	name: 'Smallest margin',
	needs: {},
	select(pool, k) {
		return bestDistinct(pool, k, (c) => {
			const { first, second } = topTwo(c.probs);
			return { score: 1 - (first.p - second.p), reason: { kind: 'margin', first, second } };
		});
	}
};
