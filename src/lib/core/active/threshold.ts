import type { ActiveLearningSettings } from '../types';

/** The confidence a suggestion of `classId` needs to stand as the model's label. */
export function thresholdFor(classId: string, settings: ActiveLearningSettings): number {
	return settings.classThresholds?.[classId] ?? settings.threshold;
}

/**
 * True when the model's top suggestion is confident enough to be pre-accepted: shown as the model's
 * label (never stored or counted as the human's) and kept out of the human's queue.
 */
export function isPreAccepted(top: { classId: string; p: number } | undefined, settings: ActiveLearningSettings): boolean {
	return !!top && top.p >= thresholdFor(top.classId, settings);
}
