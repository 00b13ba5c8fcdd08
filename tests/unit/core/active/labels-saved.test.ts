import { describe, expect, it } from 'vitest';
import { auditRecords, fitPowerLaw, labelsSaved as savedFromWorth, MIN_AUDITS, strategyWorth, type AuditRecord } from '$lib/core/active/labels-saved';
import { seededRandom } from '$lib/core/random';
import type { QueryOrigin } from '$lib/core/types';

/**
 * Audit outcomes as a project with a 10% audit share would record them: the i-th audit pick is asked
 * when the live model has 10·i labels and the baseline has learned the i-1 before it; each model is
 * right with the probability its (known) learning curve gives.
 */
function simulate(audits: number, liveError: (n: number) => number, randomError: (n: number) => number, seed = 3): AuditRecord[] {
	const random = seededRandom(seed);
	return Array.from({ length: audits }, (_, i) => {
		const labels = 10 * (i + 1);
		const baselineLabels = i;
		return { labels, right: random() >= liveError(labels), baselineLabels, baselineRight: random() >= randomError(Math.max(1, baselineLabels)) };
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

const labelsSaved = (records: AuditRecord[], labels: number, seed?: number) => savedFromWorth(strategyWorth(records, seed), labels);

describe('labelsSaved', () => {
	const curve = (b: number) => (n: number) => Math.min(0.9, 0.9 * n ** -b);
	/** 20 simulated projects with 60 audit picks each (600 labels), their strategy worth k random labels each. */
	const projects = (b: number, k: number) =>
		Array.from({ length: 20 }, (_, i) => labelsSaved(simulate(60, (n) => curve(b)(k * n), curve(b), i + 1), 600)).filter((e) => e.kind === 'estimate');
	const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

	it('its 80% interval holds the true number of labels saved in most simulated projects', () => {
		for (const b of [0.3, 0.5]) {
			for (const k of [1, 4]) {
				const estimates = projects(b, k);
				const truth = (k - 1) * 600;
				const held = estimates.filter((e) => e.low <= truth && truth <= e.high).length;
				expect(estimates.length).toBeGreaterThanOrEqual(15);
				expect(held / estimates.length, `b=${b} k=${k}`).toBeGreaterThanOrEqual(0.65);
			}
		}
	});

	it('shows more labels saved for a strategy that learns faster than random than for one that does not', () => {
		for (const b of [0.3, 0.5]) expect(median(projects(b, 4).map((e) => e.saved))).toBeGreaterThan(median(projects(b, 1).map((e) => e.saved)));
	});

	it('says random may never get there when random’s curve does not fall', () => {
		const sut = labelsSaved(simulate(40, (n) => curve(0.3)(4 * n), () => 0.5), 400);

		expect(sut.kind === 'unclear' || (sut.kind === 'estimate' && sut.highCapped)).toBe(true);
	});

	it('waits for enough audit picks, and is the same for the same outcomes and seed', () => {
		expect(labelsSaved(simulate(MIN_AUDITS - 1, curve(0.5), curve(0.5)), 90)).toEqual({ kind: 'too-few', audits: MIN_AUDITS - 1, needed: MIN_AUDITS });
		const records = simulate(30, (n) => curve(0.5)(3 * n), curve(0.5));
		expect(labelsSaved(records, 300, 7)).toEqual(labelsSaved(records, 300, 7));
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
