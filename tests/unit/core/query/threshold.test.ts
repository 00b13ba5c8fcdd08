import { describe, expect, it } from 'vitest';
import { isPreAccepted, thresholdFor } from '$lib/core/query/threshold';
import { DEFAULT_ACTIVE_LEARNING } from '$lib/core/types';

describe('the pre-accept threshold', () => {
	const settings = { ...DEFAULT_ACTIVE_LEARNING, threshold: 0.9, classThresholds: { rare: 0.99 } };

	it('pre-accepts at or above the threshold, and sends the rest to the human', () => {
		expect(isPreAccepted({ classId: 'cat', p: 0.9 }, settings, 2)).toBe(true);
		expect(isPreAccepted({ classId: 'cat', p: 0.89 }, settings, 2)).toBe(false);
		expect(isPreAccepted(undefined, settings, 2)).toBe(false);
	});

	it('lets a class have its own threshold', () => {
		expect(thresholdFor('rare', settings)).toBe(0.99);
		expect(isPreAccepted({ classId: 'rare', p: 0.95 }, settings, 2)).toBe(false);
		expect(isPreAccepted({ classId: 'rare', p: 0.995 }, settings, 2)).toBe(true);
	});

	it('pre-accepts nothing until the human has labelled two classes', () => {
		expect(isPreAccepted({ classId: 'cat', p: 1 }, settings, 1)).toBe(false);
		expect(isPreAccepted({ classId: 'cat', p: 1 }, settings, 0)).toBe(false);
	});
});
