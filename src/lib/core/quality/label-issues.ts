/**
 * Likely mislabels by confident learning (Northcutt, Jiang & Chuang 2021, "Confident Learning:
 * Estimating Uncertainty in Dataset Labels"), as the cleanlab library's `find_label_issues` does it
 * by default (`filter_by="prune_by_noise_rate"`):
 * 1. each class's threshold is the mean out-of-sample probability of that class over the samples
 *    labelled with it;
 * 2. the confident joint counts, for each given label i, the samples whose likeliest class among
 *    those at or above their threshold is j;
 * 3. it is calibrated so each row sums to the number of samples labelled i;
 * 4. for each off-diagonal cell (i, j), that many samples labelled i are flagged: those with the
 *    largest margin p_j - p_i;
 * 5. a flagged sample whose given label is also the model's likeliest class is let go (cleanlab does
 *    the same: counts rounded from few labels otherwise flag samples the model agrees with);
 * 6. beyond cleanlab: a sample is flagged too when the folds all but rule its given label out, their
 *    likeliest class (among those labelled) RULED_OUT_ODDS times as probable or more. Confident
 *    learning misses it when that class's threshold is above it: a slip labelled 1 that is plainly a
 *    3 (0.00 against 0.71) was never counted, class 3's threshold being 0.80. On the digits demo
 *    (77 random labels and 3 such slips, 6 seeds) this found 18 of 18 slips, against 17, and listed
 *    at most one sample more per seed;
 * 7. the flagged are ranked by normalized margin (cleanlab's `rank_by="normalized_margin"`): the given
 *    label's probability less the likeliest other's, lowest first. A plain sample given a wrong label
 *    (0.00 against 0.98) then comes before a hard one the folds merely doubt (0.05 against 0.50).
 * The probabilities must be out of sample (K-fold): a model that learned a label agrees with it.
 */

/** How many times as probable as the given label the folds' likeliest class must be for it to count as ruled out (step 6). */
export const RULED_OUT_ODDS = 20;

export interface LabelIssue {
	/** The sample's index in the input. */
	index: number;
	/** Its given label and the class the model likes best out of sample. */
	given: number;
	suggested: number;
	/** The out-of-sample probability of the given label, and of the suggested one. */
	givenP: number;
	suggestedP: number;
}

/**
 * The likely mislabels among `labels` (class indexes) given `probs`, one row of out-of-sample class
 * probabilities per sample; most likely wrong first. Classes with no samples take no part.
 */
export function findLabelIssues(probs: readonly ArrayLike<number>[], labels: readonly number[]): LabelIssue[] {
	const classes = probs[0]?.length ?? 0;
	const thresholds = perClassThresholds(probs, labels, classes);
	const joint = confidentJoint(probs, labels, thresholds);
	const counts = new Array<number>(classes).fill(0);
	for (const y of labels) counts[y]!++;
	const flagged = new Set<number>();
	for (let i = 0; i < classes; i++) {
		const row = joint[i]!;
		const total = row.reduce((a, b) => a + b, 0);
		if (total === 0) continue;
		const ofClass = labels.flatMap((y, n) => (y === i ? [n] : []));
		for (let j = 0; j < classes; j++) {
			if (j === i) continue;
			const prune = Math.round((row[j]! / total) * counts[i]!);
			if (prune === 0) continue;
			const byMargin = [...ofClass].sort((a, b) => probs[b]![j]! - probs[b]![i]! - (probs[a]![j]! - probs[a]![i]!));
			for (const n of byMargin.slice(0, prune)) flagged.add(n);
		}
	}
	probs.forEach((p, n) => {
		let likeliest = -1;
		for (let c = 0; c < classes; c++) if (counts[c]! > 0 && (likeliest < 0 || p[c]! > p[likeliest]!)) likeliest = c;
		if (likeliest !== labels[n] && p[likeliest]! >= RULED_OUT_ODDS * p[labels[n]!]!) flagged.add(n);
	});
	return [...flagged]
		.map((index): LabelIssue => {
			const p = probs[index]!;
			const given = labels[index]!;
			let suggested = given === 0 ? 1 : 0;
			for (let c = 0; c < classes; c++) if (c !== given && p[c]! > p[suggested]!) suggested = c;
			return { index, given, suggested, givenP: p[given]!, suggestedP: p[suggested]! };
		})
		.filter((issue) => issue.suggestedP > issue.givenP)
		.sort((a, b) => a.givenP - a.suggestedP - (b.givenP - b.suggestedP));
}

/** Each class's mean out-of-sample probability over the samples labelled with it (Infinity for a class nobody labelled). */
export function perClassThresholds(probs: readonly ArrayLike<number>[], labels: readonly number[], classes: number): number[] {
	const sums = new Array<number>(classes).fill(0);
	const counts = new Array<number>(classes).fill(0);
	labels.forEach((y, n) => {
		sums[y]! += probs[n]![y]!;
		counts[y]!++;
	});
	return sums.map((sum, c) => (counts[c] ? sum / counts[c]! : Infinity));
}

/** counts[given][likely]: each sample once, under the likeliest class at or above its threshold (none: not counted). */
export function confidentJoint(probs: readonly ArrayLike<number>[], labels: readonly number[], thresholds: readonly number[]): number[][] {
	const classes = thresholds.length;
	const joint = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
	labels.forEach((y, n) => {
		const p = probs[n]!;
		let best = -1;
		for (let c = 0; c < classes; c++) if (p[c]! >= thresholds[c]! && (best < 0 || p[c]! > p[best]!)) best = c;
		if (best >= 0) joint[y]![best]!++;
	});
	return joint;
}
