import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { STRATEGIES } from '$lib/core/query/registry';
import { candidate, context, probs, randomPool } from './factories';

// One suite over every registered strategy, as the explainers have theirs.
describe.each(STRATEGIES.map((s) => [s.id, s] as const))('query strategy %s', (_, sut) => {
	const labelled = [Float32Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])];

	it('returns k distinct picks from the pool, with finite scores', () => {
		const pool = randomPool(40);

		const picks = sut.select(pool, 10, context({ labelled, labelCount: 6 }));

		expect(picks).toHaveLength(10);
		expect(new Set(picks.map((p) => p.id)).size).toBe(10);
		expect(picks.every((p) => pool.some((c) => c.id === p.id))).toBe(true);
		expect(picks.every((p) => Number.isFinite(p.score))).toBe(true);
	});

	it('gives the same picks for the same seed', () => {
		const pool = randomPool(60, 4);

		const a = sut.select(pool, 8, context({ seed: 3, labelled, labelCount: 4 }));
		const b = sut.select(pool, 8, context({ seed: 3, labelled, labelCount: 4 }));

		expect(b).toEqual(a);
	});

	it('creates no tensors', () => {
		const before = tf.memory().numTensors;

		sut.select(randomPool(20), 5, context());

		expect(tf.memory().numTensors).toBe(before);
	});

	it('copes with an empty pool, a pool smaller than k, and a single class', () => {
		const single = [candidate('a', probs(1), [1, 0]), candidate('b', probs(1), [0, 1])];

		expect(sut.select([], 5, context())).toEqual([]);
		expect(sut.select(randomPool(3), 5, context())).toHaveLength(3);
		const picks = sut.select(single, 2, context({ classes: 1 }));
		expect(picks.length).toBeGreaterThan(0);
		expect(picks.every((p) => Number.isFinite(p.score))).toBe(true);
	});

	it('never puts two copies of one sample in a batch', () => {
		const copy = (id: string) => candidate(id, probs(1, 1, 1), [9, 9, 9, 9, 9, 9, 9, 9], [probs(3, 1, 1), probs(1, 3, 1), probs(1, 1, 3)]);
		const pool = [...['d1', 'd2', 'd3', 'd4'].map(copy), ...randomPool(6)];

		const picks = sut.select(pool, 5, context({ labelled, labelCount: 6 }));

		expect(picks.filter((p) => p.id.startsWith('d')).length).toBeLessThanOrEqual(1);
	});

	it('ranks a pool of 50,000', () => {
		const wide = [Float32Array.from({ length: 16 }, () => 0.5)];

		const picks = sut.select(randomPool(50_000, 10, 16), 10, context({ labelled: wide, labelCount: 20, classes: 10 }));

		expect(picks).toHaveLength(10);
	});
});
