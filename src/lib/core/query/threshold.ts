import { DEFAULT_NOVELTY_THRESHOLD, type ActiveLearningSettings } from '../settings';

/** The confidence a suggestion of `classId` needs to stand as the model's label. */
export function thresholdFor(classId: string, settings: ActiveLearningSettings): number {
	return settings.classThresholds?.[classId] ?? settings.threshold;
}

/** Whether a sample of this novelty (undefined: not measured yet) is "unlike anything you taught". */
export function isNovel(novelty: number | undefined, settings: Pick<ActiveLearningSettings, 'noveltyThreshold'>): boolean {
	return novelty !== undefined && novelty > (settings.noveltyThreshold ?? DEFAULT_NOVELTY_THRESHOLD);
}

/**
 * True when the model's top suggestion is confident enough to be pre-accepted: shown as the model's
 * label (never stored or counted as the human's) and kept out of the human's queue. Never before the
 * human has labelled samples of two classes (a model taught one class is sure of it for everything),
 * and never for a sample unlike anything the human taught (its confidence means nothing there).
 */
export function isPreAccepted(top: { classId: string; p: number } | undefined, settings: ActiveLearningSettings, labelledClasses: number, novelty?: number): boolean {
	return !!top && labelledClasses >= 2 && top.p >= thresholdFor(top.classId, settings) && !isNovel(novelty, settings);
}
