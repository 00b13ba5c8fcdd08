import { describe, expect, it } from 'vitest';
import type { QueuedPick } from '$lib/core/quality/audit-picks';
import { untaughtFirst } from '$lib/core/query/untaught-first';

const picks = (n: number): QueuedPick[] => Array.from({ length: n }, (_, i) => ({ id: `q${i}`, score: n - i, reason: { kind: 'random' }, audit: false }));
const pool = (novelties: number[]) => novelties.map((novelty, i) => ({ id: `p${i}`, probs: new Float32Array(2), novelty }));

describe('untaughtFirst', () => {
	it('puts the most novel at the head and the rest every fourth slot, a quarter of the slots at most, each with its own reason', () => {
		const sut = untaughtFirst(picks(20), pool([1.5, 3, 0.2, 2, NaN, 1.2, 1.1, 1.3]), 12, 1);

		expect(sut).toHaveLength(12);
		expect(sut.map((p) => p.id).filter((id) => id.startsWith('p'))).toEqual(['p1', 'p3', 'p0']); // 12 slots: 3 at most, most novel first
		expect(sut[0]!.id).toBe('p1');
		expect(sut[4]!.id).toBe('p3');
		expect(sut[8]!.id).toBe('p0');
		expect(sut[0]!.reason).toEqual({ kind: 'untaught', novelty: 3 });
		expect(sut.filter((p) => p.id.startsWith('q')).map((p) => p.id)).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8']); // the strategy's order kept
	});

	it('leaves the queue as it was when nothing is over the threshold, and never queues a sample twice', () => {
		expect(untaughtFirst(picks(5), pool([0.5, NaN]), 5, 1)).toEqual(picks(5));
		const twice = untaughtFirst([{ id: 'p0', score: 1, reason: { kind: 'random' }, audit: false }, ...picks(4)], pool([2]), 5, 1);
		expect(twice.map((p) => p.id)).toEqual(['p0', 'q0', 'q1', 'q2', 'q3']);
	});
});
