/** A class and the model's probability for it. */
export interface RankedClass {
	classId: string;
	p: number;
}

/** Index (from 0) of the largest of `count` values starting at `offset`; of equal ones, the first. */
export function topIndex(values: ArrayLike<number>, offset = 0, count = values.length - offset): number {
	let best = 0;
	for (let c = 1; c < count; c++) if (values[offset + c]! > values[offset + best]!) best = c;
	return best;
}

/** The `k` most probable of `classIds` (probabilities in the same order), most probable first. */
export function topClasses(probs: ArrayLike<number>, classIds: readonly string[], k = 3): RankedClass[] {
	return classIds
		.map((classId, c) => ({ classId, p: probs[c]! }))
		.sort((a, b) => b.p - a.p)
		.slice(0, k);
}
