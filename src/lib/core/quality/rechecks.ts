/**
 * Re-checks of the teacher: now and then the queue asks again about a sample the human labelled
 * earlier, without showing the earlier answer, and counts how often the two answers agree.
 */

/** The share of the questions that are re-checks unless the human sets another. */
export const DEFAULT_RECHECK_SHARE = 0.03;
/** At most every other question: a re-check is never followed by another. */
export const MAX_RECHECK_SHARE = 0.5;

/**
 * Whether the next question is a re-check, after `asked` ordinary questions since the last one: one
 * question in round(1 / share) is, so the share is kept exactly over a session and the re-checks are
 * spread evenly (never two in a row).
 */
export function recheckDue(asked: number, share: number): boolean {
	if (!(share > 0)) return false;
	const every = Math.round(1 / Math.min(share, MAX_RECHECK_SHARE));
	return asked >= every - 1;
}

/**
 * The sample to re-check: one of `labelled` (ids of samples with a human label) that is not among
 * `avoid` (the newest labels, which the human still remembers, and the samples re-checked lately),
 * chosen by `random`. Null when every labelled sample is to be avoided.
 */
export function chooseRecheck(labelled: readonly string[], avoid: ReadonlySet<string>, random: () => number): string | null {
	const open = labelled.filter((id) => !avoid.has(id));
	return open.length ? open[Math.floor(random() * open.length)]! : null;
}

/** How often the human agreed with themselves, from each re-check's answer. */
export function recheckAgreement(answers: readonly { agreed: boolean }[]): { agreed: number; n: number } {
	return { agreed: answers.filter((a) => a.agreed).length, n: answers.length };
}
