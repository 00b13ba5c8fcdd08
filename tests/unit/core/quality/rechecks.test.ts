import { describe, expect, it } from 'vitest';
import { chooseRecheck, recheckAgreement, recheckDue } from '$lib/core/quality/rechecks';
import { seededRandom } from '$lib/core/random';

/** Runs a session of `questions` questions: which of them were re-checks, and of which samples. */
function session(questions: number, share: number) {
	const labelled = Array.from({ length: 40 }, (_, i) => `s${i}`);
	const random = seededRandom(3);
	const asked: (string | null)[] = [];
	let since = 0;
	let last = new Set<string>();
	for (let q = 0; q < questions; q++) {
		if (recheckDue(since, share)) {
			const id = chooseRecheck(labelled, last, random);
			asked.push(id);
			last = new Set(id ? [id] : []);
			since = 0;
		} else {
			asked.push(null);
			since++;
		}
	}
	return asked;
}

describe('re-checks', () => {
	it('re-asks the configured share of the questions, spread out', () => {
		for (const share of [0.03, 0.1, 0.25]) {
			const sut = session(3000, share);

			const rechecks = sut.filter((id) => id !== null).length / sut.length;
			expect(rechecks).toBeGreaterThan(share * 0.9);
			expect(rechecks).toBeLessThan(share * 1.1);
		}
	});

	it('never asks two re-checks in a row, nor the same sample twice running, even at the largest share', () => {
		const sut = session(500, 0.9);

		for (let i = 1; i < sut.length; i++) expect(sut[i] !== null && sut[i - 1] !== null).toBe(false);
		const picked = sut.filter((id): id is string => id !== null);
		for (let i = 1; i < picked.length; i++) expect(picked[i]).not.toBe(picked[i - 1]);
	});

	it('asks none when the share is 0, and only about samples not to avoid', () => {
		expect(session(200, 0).every((id) => id === null)).toBe(true);
		expect(chooseRecheck(['a', 'b'], new Set(['a', 'b']), Math.random)).toBeNull();
		expect(chooseRecheck(['a', 'b'], new Set(['a']), Math.random)).toBe('b');
	});

	it('counts how often the answers agreed', () => {
		expect(recheckAgreement([{ agreed: true }, { agreed: false }, { agreed: true }])).toEqual({ agreed: 2, n: 3 });
	});
});
