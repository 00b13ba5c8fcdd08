import { describe, expect, it } from 'vitest';
import { fisherWorse, holm, sliceReport, type SliceEvidence } from '$lib/core/quality/slices';

/** `n` judged labels in `slice`, `right` of them right. */
const judged = (slice: string, n: number, right: number): SliceEvidence[] => Array.from({ length: n }, (_, i) => ({ slices: [slice], right: i < right }));

describe('sliceReport', () => {
	it('flags a slice that is clearly worse than the rest, and not the fair ones', () => {
		const sut = sliceReport([...judged('day', 60, 54), ...judged('dusk', 60, 53), ...judged('night', 40, 20)]);

		const flagged = sut.filter((s) => s.flagged).map((s) => s.slice);
		expect(flagged).toEqual(['night']);
		expect(sut[0]!.slice).toBe('night'); // worst first
		const night = sut[0]!;
		expect(night.accuracy!.estimate).toBe(0.5);
		expect(night.accuracy!.low).toBeLessThan(0.5);
		expect(night.accuracy!.high).toBeGreaterThan(0.5);
	});

	it('flags nothing when every slice is as good as the rest', () => {
		const sut = sliceReport([...judged('a', 50, 45), ...judged('b', 50, 44), ...judged('c', 50, 46)]);

		expect(sut.some((s) => s.flagged)).toBe(false);
	});

	it('does not test a slice with too little evidence, and says how much more it needs', () => {
		const sut = sliceReport([...judged('big', 80, 78), ...judged('tiny', 4, 0)]);

		const tiny = sut.find((s) => s.slice === 'tiny')!;
		expect(tiny.flagged).toBe(false);
		expect(tiny.p).toBeNull();
		expect(tiny.needs).toBe(6);
	});

	it('counts a sample in every slice it is in, once each', () => {
		const sut = sliceReport([{ slices: ['a', 'b', 'a'], right: true }, { slices: ['b'], right: false }]);

		expect(sut.find((s) => s.slice === 'a')).toMatchObject({ n: 1, right: 1, rest: { n: 1, right: 0 } });
		expect(sut.find((s) => s.slice === 'b')).toMatchObject({ n: 2, right: 1 });
	});
});

describe('fisherWorse and holm', () => {
	it('gives the hypergeometric tail: certain when the slice has no errors beyond what is possible', () => {
		expect(fisherWorse(0, 10, 5, 10)).toBeCloseTo(1);
		// All 3 errors in a 3-of-6 slice: C(3,3)C(3,0)/C(6,3) = 1/20.
		expect(fisherWorse(3, 3, 0, 3)).toBeCloseTo(0.05);
	});

	it('adjusts p-values step-down and leaves untested ones alone', () => {
		expect(holm([0.01, null, 0.04, 0.03])).toEqual([0.03, null, 0.06, 0.06]);
	});
});
