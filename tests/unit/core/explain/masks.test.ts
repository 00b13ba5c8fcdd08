import { describe, expect, it } from 'vitest';
import { combineMasks, penaltyMask, unionMasks } from '$lib/core/explain/masks';

describe('explanation masks', () => {
	it('penalises what was painted for "should not matter", everything else for "what matters"', () => {
		const painted = Uint8Array.from([1, 1, 0, 0]);

		expect(Array.from(penaltyMask(painted, 'ignore'))).toEqual([1, 1, 0, 0]);
		expect(Array.from(penaltyMask(painted, 'focus'))).toEqual([0, 0, 1, 1]);
	});

	it('joins a sample’s mask with the region every sample ignores', () => {
		expect(Array.from(combineMasks(Uint8Array.from([1, 0, 0]), Uint8Array.from([0, 0, 1]))!)).toEqual([1, 0, 1]);
		expect(Array.from(combineMasks(undefined, Uint8Array.from([0, 1, 0]))!)).toEqual([0, 1, 0]);
		expect(combineMasks(undefined, undefined)).toBeUndefined();
		expect(Array.from(unionMasks(Uint8Array.from([1, 0]), Uint8Array.from([0, 1])))).toEqual([1, 1]);
	});
});
