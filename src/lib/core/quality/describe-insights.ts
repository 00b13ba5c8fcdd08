import { EFFECT_WINDOW, type ActEffect, type Insights } from './insights';
import type { ActKind } from './teaching-history';

/** What each kind of act is called on screen and in the report. */
export const ACT_NAMES: Record<ActKind, string> = {
	label: 'Labels that confirmed the model',
	correction: 'Corrections',
	rating: 'Ratings',
	implicit: 'Implicit signals',
	painting: 'Painting on explanations'
};

const pct = (p: number) => `${Math.round(p * 100)}%`;

/** Which calibration is in force, in a sentence. */
export function describeCalibration({ calibration, reliability }: Insights): string {
	const { temperature, fittedOn, labels, evidenceWeight } = calibration;
	const fitted = fittedOn > 0 ? `temperature ${temperature.toFixed(2)}, fitted on ${fittedOn} labels judged before the model learned them` : 'no temperature fitted yet (it needs 10 labels judged before they were learned)';
	const shrink = `confidence shrunk towards even odds in proportion to the evidence: ${labels} labels keep ${pct(evidenceWeight)} of the model's own`;
	const ece = Number.isNaN(reliability.ece) ? '' : `; expected calibration error ${reliability.ece.toFixed(3)} on the ${reliability.n} newest judged labels`;
	return `Calibration in force: ${fitted}; ${shrink}${ece}.`;
}

/** An act kind's measured effect, in words. */
export function describeEffect(effect: ActEffect): string {
	if (effect.meanChange === null) return effect.acts ? `not measured yet (needs ${EFFECT_WINDOW} labels judged before and after one)` : 'none yet';
	const points = Math.round(effect.meanChange * 1000) / 10;
	return `${points >= 0 ? '+' : ''}${points} points of held-out accuracy on average (${effect.measured} measured)`;
}
