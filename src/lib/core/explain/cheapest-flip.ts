/** Whether `target` is the top class of the output (strictly above every other class). */
export function isTop(output: Float32Array, target: number): boolean {
	return output.every((p, k) => k === target || p < output[target]!);
}

/** Of the changes tried, the one with the smallest cost that makes `target` the top class; of equal ones, the more confident. */
export function cheapestFlip<T extends { output: Float32Array }>(tried: readonly T[], target: number, cost: (t: T) => number): T | undefined {
	let best: T | undefined;
	let bestCost = Infinity;
	for (const t of tried) {
		if (!isTop(t.output, target)) continue;
		const c = cost(t);
		if (c < bestCost || (c === bestCost && t.output[target]! > best!.output[target]!)) [best, bestCost] = [t, c];
	}
	return best;
}
