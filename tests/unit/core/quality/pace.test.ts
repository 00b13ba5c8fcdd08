import { describe, expect, it } from 'vitest';
import { breakDue, MIN_ACTS } from '$lib/core/quality/pace';

const steady = (n: number, ms = 3000) => Array.from({ length: n }, (_, i) => ms + (i % 5) * 100);

describe('breakDue', () => {
	it('suggests a break when two of the newest four re-checks disagree', () => {
		expect(breakDue(steady(10), [true, true, false, true, false])).toBe('agreement');
	});

	it('does not on one slip, nor before four re-checks', () => {
		expect(breakDue(steady(10), [true, false, true, true])).toBeNull();
		expect(breakDue(steady(10), [false, false, false])).toBeNull();
	});

	it('suggests a break when acts speed up to under 40% of the session’s first pace', () => {
		const sut = [...steady(40, 4000), ...steady(30, 1000)];

		expect(breakDue(sut, [])).toBe('speed');
	});

	it('does not for a steady pace, a modest speed-up, too few acts, or pauses between acts', () => {
		expect(breakDue(steady(100), [])).toBeNull();
		expect(breakDue([...steady(40, 4000), ...steady(30, 2500)], [])).toBeNull();
		expect(breakDue([...steady(20, 4000), ...steady(MIN_ACTS - 30, 500)], [])).toBeNull();
		expect(breakDue([...steady(40, 4000), ...Array(30).fill(600_000)], [])).toBeNull();
	});
});
