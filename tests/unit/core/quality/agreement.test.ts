import { describe, expect, it } from 'vitest';
import { byDispute, classAgreement, countVotes, fleissKappa, krippendorffAlpha, sampleAgreement } from '$lib/core/quality/agreement';

/** A row of counts per category, as in Fleiss (1971)'s table, into a vote map. */
const row = (...counts: number[]) => new Map(counts.map((n, i) => [`c${i}`, n] as const).filter(([, n]) => n > 0));

describe('agreement', () => {
	it('gives Fleiss’ κ = 0.210 on the worked example of 10 subjects rated by 14 raters', () => {
		const table = [row(0, 0, 0, 0, 14), row(0, 2, 6, 4, 2), row(0, 0, 3, 5, 6), row(0, 3, 9, 2, 0), row(2, 2, 8, 1, 1), row(7, 7, 0, 0, 0), row(3, 2, 6, 3, 0), row(2, 5, 3, 2, 2), row(6, 5, 2, 1, 0), row(0, 2, 2, 3, 7)];
		const sut = fleissKappa(table);
		expect(sut).toBeCloseTo(0.21, 3);
		expect(classAgreement(table)).toEqual({ measure: 'fleiss-kappa', value: sut, samples: 10 });
	});

	it('gives Krippendorff’s α = 0.5 on a hand-computed case where members labelled different subsets', () => {
		// Coincidences: o(a,a) = 2, o(a,b) = o(b,a) = 1, o(b,b) = 3; n = 7, n_a = 3, n_b = 4.
		// α = 1 − (n − 1)·(o_ab + o_ba) / (2·n_a·n_b) = 1 − 6·2/24 = 0.5.
		const items = [countVotes(['a', 'a']), countVotes(['a', 'b']), countVotes(['b', 'b', 'b']), countVotes(['a'])];
		expect(krippendorffAlpha(items)).toBeCloseTo(0.5, 10);
		expect(classAgreement(items)).toEqual({ measure: 'krippendorff-alpha', value: 0.5, samples: 3 });
	});

	it('is 1 when everyone agrees, and about 0 when labels are given at random', () => {
		expect(fleissKappa([countVotes(['a', 'a']), countVotes(['b', 'b'])])).toBe(1);
		expect(krippendorffAlpha([countVotes(['a', 'a', 'a']), countVotes(['b', 'b'])])).toBe(1);
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 < 0.5 ? 'a' : 'b');
		const noise = Array.from({ length: 400 }, () => countVotes([random(), random(), random()]));
		expect(Math.abs(fleissKappa(noise)!)).toBeLessThan(0.08);
	});

	it('has no figure without two votes on some sample', () => {
		expect(classAgreement([countVotes(['a']), countVotes([])])).toBeNull();
	});

	it('marks a tie and ranks it before a split majority, which ranks before agreement', () => {
		const tie = sampleAgreement(countVotes(['a', 'b']));
		const split = sampleAgreement(countVotes(['a', 'a', 'b']));
		const agreed = sampleAgreement(countVotes(['a', 'a', 'a']));
		expect(tie).toEqual({ votes: 2, majority: null, share: 0.5, tie: true });
		expect(split).toEqual({ votes: 3, majority: 'a', share: 2 / 3, tie: false });
		expect([agreed, split, tie].sort(byDispute)).toEqual([tie, split, agreed]);
		expect(sampleAgreement(countVotes(['a'])).tie).toBe(false);
	});
});
