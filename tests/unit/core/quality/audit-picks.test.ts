import { describe, expect, it } from 'vitest';
import { auditedAccuracy, withAudits } from '$lib/core/quality/audit-picks';
import type { Picked } from '$lib/core/query/strategy';

const ranked = (n: number): Picked[] => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, score: n - i, reason: { kind: 'margin', first: { classIndex: 0, p: 0.5 }, second: { classIndex: 1, p: 0.5 } } }));
const pool = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);

describe('withAudits', () => {
	it('gives about the configured share of slots to random picks, over many queues', () => {
		let audits = 0;
		let slots = 0;
		for (let seed = 0; seed < 200; seed++) {
			const queue = withAudits(ranked(50), pool(500), 20, 0.1, seed);
			audits += queue.filter((q) => q.audit).length;
			slots += queue.length;
		}

		expect(slots).toBe(200 * 20);
		expect(audits / slots).toBeGreaterThan(0.08);
		expect(audits / slots).toBeLessThan(0.12);
	});

	it('keeps the strategy’s order for the other slots and never queues a sample twice', () => {
		const sut = withAudits(ranked(30), pool(30), 20, 0.3, 5);

		const strategic = sut.filter((q) => !q.audit).map((q) => Number(q.id.slice(1)));
		expect(strategic).toEqual([...strategic].sort((a, b) => a - b));
		expect(new Set(sut.map((q) => q.id)).size).toBe(sut.length);
	});

	it('with a share of 0 is the strategy’s ranking as it is', () => {
		expect(withAudits(ranked(5), pool(5), 3, 0, 1).map((q) => q.id)).toEqual(['r0', 'r1', 'r2']);
	});
});

describe('auditedAccuracy', () => {
	it('estimates with a 95% interval that narrows as checks accumulate', () => {
		const few = auditedAccuracy(8, 10)!;
		const many = auditedAccuracy(80, 100)!;

		expect(few.estimate).toBeCloseTo(0.8);
		expect(few.low).toBeCloseTo(0.49, 2); // Wilson interval for 8/10
		expect(few.high).toBeCloseTo(0.943, 2);
		expect(many.high - many.low).toBeLessThan(few.high - few.low);
		expect(auditedAccuracy(0, 0)).toBeNull();
	});
});
