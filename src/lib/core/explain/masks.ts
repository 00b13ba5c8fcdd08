/**
 * Explanation-feedback masks on the model's input grid: one byte per cell, 1 where the human painted.
 * Stored as painted; what the learner penalises (1 = "should not matter") depends on the mode.
 */
export type PaintMode = 'ignore' | 'focus';

/** "This should not matter" penalises what was painted; "this is what matters" everything else. */
export function penaltyMask(painted: Uint8Array, mode: PaintMode): Uint8Array {
	return mode === 'ignore' ? painted.slice() : painted.map((v) => (v ? 0 : 1));
}

/** Cells set in either mask, as the learner takes them (floats); undefined when neither is set. */
export function combineMasks(a: Uint8Array | undefined, b: Uint8Array | undefined): Float32Array | undefined {
	if (!a && !b) return undefined;
	const length = (a ?? b)!.length;
	const out = new Float32Array(length);
	for (let i = 0; i < length; i++) out[i] = (a?.[i] ?? 0) || (b?.[i] ?? 0) ? 1 : 0;
	return out;
}

/** Cells set in either mask, as stored (the union of "always ignore" regions). */
export function unionMasks(a: Uint8Array | undefined, b: Uint8Array): Uint8Array {
	return b.map((v, i) => (v || a?.[i] ? 1 : 0));
}

/** How many cells are painted. */
export function paintedCells(mask: Uint8Array): number {
	return mask.reduce((n, v) => n + (v ? 1 : 0), 0);
}
