import { describe, expect, it } from 'vitest';
import { chooseCandidates as sut } from '$lib/core/query/candidates';
import { topTwo } from '$lib/core/query/uncertainty';
import { probs, randomPool } from './factories';

const margin = (p: Float32Array) => {
	const { first, second } = topTwo(p);
	return first.p - second.p;
};

describe('chooseCandidates', () => {
	it('ranks a small pool whole', () => {
		const pool = randomPool(50);

		expect(sut(pool, 100, [], 1)).toEqual(pool);
	});

	it('from a big pool takes the queue’s picks, the most uncertain quarter and a share of every predicted class, in pool order', () => {
		const pool = randomPool(10_000, 4, 4, 3);
		// A rare class: only a few samples are predicted to be it.
		for (const i of [17, 4_000, 9_999]) pool[i] = { ...pool[i]!, probs: probs(1, 1, 1, 30) };
		const previous = ['c5', 'c9000'];

		const chosen = sut(pool, 1000, previous, 11);

		const ids = new Set(chosen.map((c) => c.id));
		expect(chosen.length).toBeLessThanOrEqual(1000);
		expect(chosen.length).toBeGreaterThan(990); // each class's share is rounded
		expect(previous.every((id) => ids.has(id))).toBe(true);
		const mostUncertain = [...pool].sort((a, b) => margin(a.probs) - margin(b.probs)).slice(0, 250);
		expect(mostUncertain.filter((c) => !ids.has(c.id))).toEqual([]);
		expect(chosen.map((c) => Number(c.id.slice(1)))).toEqual(chosen.map((c) => Number(c.id.slice(1))).sort((a, b) => a - b));
		expect(['c17', 'c4000', 'c9999'].some((id) => ids.has(id))).toBe(true); // the rare class keeps a share
		expect(sut(pool, 1000, previous, 11)).toEqual(chosen); // seeded
		expect(sut(pool, 1000, previous, 12)).not.toEqual(chosen);
	});

	it('takes ties at the cut as a stable sort would: the first in pool order', () => {
		const pool = randomPool(400).map((c, i) => ({ ...c, probs: i % 2 ? probs(1, 1, 1) : probs(9, 1, 1) })); // 200 with margin 0, 200 confident

		const chosen = sut(pool, 200, [], 1);

		const tied = chosen.filter((c) => margin(c.probs) === 0).map((c) => c.id);
		expect(tied.slice(0, 50)).toEqual(pool.filter((_, i) => i % 2).slice(0, 50).map((c) => c.id));
	});
});
