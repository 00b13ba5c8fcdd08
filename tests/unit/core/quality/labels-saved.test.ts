import { describe, expect, it } from 'vitest';
import { auditRecords, fitPowerLaw, labelsSaved, MIN_TAUGHT, type AuditRecord } from '$lib/core/quality/labels-saved';
import { seededRandom } from '$lib/core/random';
import type { QueryOrigin } from '$lib/core/types';

const CLASSES = 4;

/**
 * Audit outcomes as a project with a 20% audit share would record them: the i-th audit pick is asked
 * when the live model has 5·(i+1) labels and the baseline has learned the i before it; each model is
 * right with the probability its (known) learning curve gives.
 */
function simulate(audits: number, liveError: (n: number) => number, randomError: (n: number) => number, seed = 3): AuditRecord[] {
	const random = seededRandom(seed);
	return Array.from({ length: audits }, (_, i) => {
		const labels = 5 * (i + 1);
		return { labels, right: random() >= liveError(labels), baselineLabels: i, baselineRight: random() >= randomError(Math.max(1, i)) };
	});
}

describe('fitPowerLaw', () => {
	it('recovers a learning curve’s exponent from 0/1 outcomes', () => {
		const random = seededRandom(1);
		const points = Array.from({ length: 3000 }, (_, i) => {
			const n = 1 + (i % 300);
			return { n, right: random() >= Math.min(0.9, 0.9 * n ** -0.5) };
		});

		const fit = fitPowerLaw(points)!;

		expect(fit.b).toBeGreaterThan(0.35);
		expect(fit.b).toBeLessThan(0.65);
	});

	it('has nothing to fit when every outcome is at one label count, or there are too few', () => {
		expect(fitPowerLaw(Array.from({ length: 30 }, (_, i) => ({ n: 5, right: i % 2 === 0 })))).toBeNull();
		expect(fitPowerLaw([{ n: 1, right: true }, { n: 2, right: false }])).toBeNull();
	});
});

describe('labelsSaved', () => {
	const curve = (n: number) => Math.min(0.9, 1.2 * n ** -0.5);
	const LABELS = 300;
	/** 20 simulated projects with 60 audit picks each (300 labels), their strategy's labels worth k random ones each. */
	const projects = (k: number) =>
		Array.from({ length: 20 }, (_, i) => labelsSaved(simulate(60, (n) => curve(k * n), curve, i + 1), LABELS, CLASSES)).flatMap((e) => (e.kind === 'estimate' ? [e] : []));
	const mid = (e: { low: number; high: number }) => (e.low + e.high) / 2;

	it('its 80% interval holds the true number of labels saved in most simulated projects, for a strategy that saves none and one that saves many', () => {
		for (const k of [1, 3]) {
			const estimates = projects(k);
			const truth = (k - 1) * LABELS; // random needs k·n labels for what the strategy has from n
			const held = estimates.filter((e) => e.low <= truth && truth <= e.high).length;
			expect(estimates.length).toBeGreaterThanOrEqual(18);
			expect(held / estimates.length, `k=${k}`).toBeGreaterThanOrEqual(0.7);
		}
	});

	it('puts the interval higher for a strategy that learns faster than random than for random itself', () => {
		const [same, faster] = [projects(1), projects(3)];
		const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
		expect(median(faster.map(mid))).toBeGreaterThan(median(same.map(mid)));
	});

	it('waits until the baseline has learned one label per class and then a few more audit picks', () => {
		const records = simulate(CLASSES + MIN_TAUGHT - 1, curve, curve);

		expect(labelsSaved(records, 40, CLASSES)).toEqual({ kind: 'too-few', audits: records.length, needed: records.length + 1 });
		expect(labelsSaved([], 0, CLASSES)).toEqual({ kind: 'too-few', audits: 0, needed: CLASSES + MIN_TAUGHT });
	});

	it('says it cannot tell while the live model’s outcomes show no curve, and gives the same answer for the same outcomes and seed', () => {
		const flat = simulate(30, curve, curve).map((r) => ({ ...r, labels: 50 }));
		expect(labelsSaved(flat, 50, CLASSES)).toEqual({ kind: 'unclear', audits: 30 });

		const records = simulate(30, (n) => curve(3 * n), curve);
		expect(labelsSaved(records, 150, CLASSES, 7)).toEqual(labelsSaved(records, 150, CLASSES, 7));
	});
});

describe('auditRecords', () => {
	const origin = (o: Partial<QueryOrigin>): QueryOrigin => ({ strategy: 'margin', audit: true, suggested: 'a', confidence: 0.6, labels: 12, baseline: { suggested: 'b', labels: 1 }, ...o });

	it('scores both guesses against the human’s current label, from labelled audit picks with a baseline guess only', () => {
		const sut = auditRecords([
			{ classId: 'a', labelledFrom: origin({}) },
			{ classId: 'b', labelledFrom: origin({ labels: 20, baseline: { suggested: 'b', labels: 2 } }) },
			{ classId: 'a', labelledFrom: origin({ audit: false }) },
			{ classId: 'a', labelledFrom: origin({ baseline: undefined }) },
			{ classId: undefined, labelledFrom: origin({}) },
			{ classId: 'a' }
		]);

		expect(sut).toEqual([
			{ labels: 12, right: true, baselineLabels: 1, baselineRight: false },
			{ labels: 20, right: false, baselineLabels: 2, baselineRight: true }
		]);
	});
});
