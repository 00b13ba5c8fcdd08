import type { QueryStrategy } from './strategy';
import { bestDistinct, entropyBits } from './uncertainty';

/** Asks where the whole prediction is most spread out (Shannon entropy). */
export const entropy: QueryStrategy = {
	id: 'entropy',
	name: 'Highest entropy',
	needs: {},
	select(pool, k) {
		return bestDistinct(pool, k, (c) => {
			const bits = entropyBits(c.probs);
			return { score: bits, reason: { kind: 'entropy', bits, maxBits: Math.log2(Math.max(2, c.probs.length)) } };
		});
	}
};
