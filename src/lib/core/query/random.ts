import { seededRandom } from '../random';
import type { QueryStrategy } from './strategy';
import { bestDistinct } from './uncertainty';

/** The baseline every other strategy must beat: a seeded shuffle of the pool. */
export const randomStrategy: QueryStrategy = {
	id: 'random',
	name: 'Random',
	needs: {},
	select(pool, k, context) {
		const random = seededRandom(context.seed);
		const draws = new Map(pool.map((c) => [c.id, random()]));
		return bestDistinct(pool, k, (c) => ({ score: draws.get(c.id)!, reason: { kind: 'random' } }));
	}
};
