import { findLabelIssues } from '../quality/label-issues';
import { BATCH_SIZE } from '../model/online-learner';
import { FOLDS, outOfSampleProbs } from './out-of-sample';
import type { ProjectSession } from './project-session';

/**
 * Labels the folds need before they say anything: four a fold, and eight a class. With four digits a
 * class, models taught on four fifths of them were wrong on a fifth of the rest, and Review listed 10
 * of 40 labels for 3 given wrongly; with eight a class, 4 of 80, the 3 first. With five a class picked
 * by the queue (its hard cases), one wrong label in three was missed.
 */
export function labelsForReview(classes: number): number {
	return Math.max(4 * FOLDS, 8 * classes);
}
/** Training steps for each fold's model: a fresh model that has learned the rest, not the live one's polish. */
export const REVIEW_STEPS = 100;
/** The newest labels checked at most: beyond this, five refits would keep the device busy for minutes. */
export const MAX_REVIEWED = 2000;

/** A label that is probably wrong, and what the model gives out of sample. */
export interface LabelFinding {
	sampleId: string;
	given: string;
	suggested: string;
	givenP: number;
	suggestedP: number;
}

export type LabelReview =
	| { kind: 'needs'; more: number }
	| { kind: 'done'; findings: LabelFinding[]; checked: number; version: number };

/**
 * The likely mislabels among the project's labels (confident learning on out-of-sample
 * probabilities: core/quality/label-issues.ts), the likeliest first. Every fold's model is fresh, of
 * the project's own kind, and learns for REVIEW_STEPS steps. Null if `stop` said the human acted.
 */
export async function reviewLabels(session: ProjectSession, stop: () => boolean): Promise<LabelReview | null> {
	const { classIds, settings, architecture } = session.context;
	const all = session.pool.labelled();
	const needed = labelsForReview(classIds.length);
	if (all.length < needed) return { kind: 'needs', more: needed - all.length };
	const examples = all.slice(-MAX_REVIEWED);
	const epochs = Math.max(2, Math.ceil(REVIEW_STEPS / Math.ceil((examples.length * (FOLDS - 1)) / FOLDS / BATCH_SIZE)));
	const version = session.version;
	const probs = await outOfSampleProbs(examples, { classes: classIds.length, settings, architecture, epochs }, stop);
	if (!probs) return null;
	const issues = findLabelIssues(examples.map((e) => probs.get(e.id)!), examples.map((e) => e.label));
	const findings = issues.map(({ index, given, suggested, givenP, suggestedP }) => ({ sampleId: examples[index]!.id, given: classIds[given]!, suggested: classIds[suggested]!, givenP, suggestedP }));
	return { kind: 'done', findings, checked: examples.length, version };
}
