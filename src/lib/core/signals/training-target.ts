/** What a fused target (fusion.ts) says for and against each class, by class id. */
export interface ClassEvidence {
	positive: Record<string, number>;
	negative: Record<string, number>;
}

/**
 * A fused target as a row for the learner's cross-entropy, one value per class of `classOrder`.
 * The loss -sum(row * log p) is linear in the row, so a row scaled by w is that example's loss
 * weighted by w. With K the classes of `classOrder`, F those among them with no evidence against them,
 * and N the sum of `negative` over the classes of `classOrder`:
 *
 *   row[i] = positive[class i] + (class i has no evidence against it ? N / F : 0)
 *
 * "Not c" becomes probability mass spread evenly over the classes it may be instead (the
 * complementary-label trick), none of it on a class the human also ruled out. The row sums to the
 * target's weight, less whatever concerned classes outside `classOrder` (dropped: a deleted class, or
 * one the model does not have yet), and less the negative mass when every class is ruled out.
 * Undefined when nothing is left.
 */
export function trainingTarget(fused: ClassEvidence, classOrder: readonly string[]): Float32Array | undefined {
	const row = new Float32Array(classOrder.length);
	let against = 0;
	const free: number[] = [];
	classOrder.forEach((classId, i) => {
		row[i] = fused.positive[classId] ?? 0;
		const negative = fused.negative[classId] ?? 0;
		if (negative > 0) against += negative;
		else free.push(i);
	});
	if (against > 0 && free.length > 0) for (const i of free) row[i]! += against / free.length;
	return row.some((v) => v > 0) ? row : undefined;
}
