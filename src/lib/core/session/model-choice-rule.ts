// The model choice's rule on its own, without the networks: the Model panel (on the page, which
// never loads tfjs) says what it decided.
import type { ModelChoiceCheck } from '../types';

/**
 * The first check comes once there are this many labels, and two classes have at least 2 each: on
 * 1,000 handwritten digits drawn as 28x28 pictures the small CNN was ahead of the backbone's head by
 * 20 points at 20 labels (0.77 against 0.44 on the rest, al bench), so a check there already pays.
 */
export const FIRST_CHECK = 10;
/** After a check the backbone won, the next comes this many labels later, or a quarter more once that is more. */
export const CHECK_EVERY = 10;

/**
 * Held-out labels the CNN must answer rightly beyond the head's, at least: MARGIN, and MARGIN_SHARE
 * of them. The count alone decides, not the log loss as in the hand-over: both networks, trained
 * fresh on a few labels, are sure of wrong answers (on the digits at 20 labels the head's log loss
 * was 3.0 and the CNN's 5.4, both above a uniform guess's 2.3), while what the user sees is which
 * class comes first. On cifar10-train-100 the CNN was 2 to 7 behind at every check from 20 to 50 labels.
 */
export const MARGIN = 2;
export const MARGIN_SHARE = 0.05;

/** Whether the small CNN earned the move: clearly more held-out labels right than the backbone's head. */
export function pixelsWin(check: Pick<ModelChoiceCheck, 'labels' | 'backbone' | 'pixels'>): boolean {
	return check.pixels.right - check.backbone.right >= Math.max(MARGIN, Math.ceil(MARGIN_SHARE * check.labels));
}
