import type { Candidate, Picked, Reason } from './strategy';

/** The two most probable classes of a probability vector. */
export function topTwo(probs: Float32Array): { first: { classIndex: number; p: number }; second: { classIndex: number; p: number } } {
	let [a, b] = [-1, -1];
	for (let c = 0; c < probs.length; c++) {
		if (a < 0 || probs[c]! > probs[a]!) [a, b] = [c, a];
		else if (b < 0 || probs[c]! > probs[b]!) b = c;
	}
	return { first: { classIndex: a, p: probs[a] ?? 1 }, second: { classIndex: b, p: b >= 0 ? probs[b]! : 0 } };
}

/** Shannon entropy in bits. */
export function entropyBits(probs: ArrayLike<number>): number {
	let h = 0;
	for (let c = 0; c < probs.length; c++) if (probs[c]! > 0) h -= probs[c]! * Math.log2(probs[c]!);
	return h;
}

/** Cosine similarity of two vectors (0 when either is all zero). */
export function cosine(a: Float32Array, b: Float32Array): number {
	let [dot, na, nb] = [0, 0, 0];
	for (let i = 0; i < a.length; i++) (dot += a[i]! * b[i]!), (na += a[i]! ** 2), (nb += b[i]! ** 2);
	return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Two candidates whose embeddings are this alike teach the same thing: ask about one of them. */
export const NEAR_DUPLICATE = 0.995;

function alike(a: Candidate, b: Candidate): boolean {
	return !!a.embedding && !!b.embedding && cosine(a.embedding, b.embedding) >= NEAR_DUPLICATE;
}

/**
 * The `k` best-scored candidates, best first, skipping any near-duplicate of one already picked (ties
 * broken by id, so the order never depends on the pool's). Leaves out non-finite scores.
 */
export function bestDistinct(pool: readonly Candidate[], k: number, score: (c: Candidate) => { score: number; reason: Reason }): Picked[] {
	const scored = pool
		.map((candidate) => ({ candidate, ...score(candidate) }))
		.filter((s) => Number.isFinite(s.score))
		.sort((x, y) => y.score - x.score || (x.candidate.id < y.candidate.id ? -1 : 1));
	const picked: typeof scored = [];
	for (const s of scored) {
		if (picked.length >= k) break;
		if (!picked.some((p) => alike(p.candidate, s.candidate))) picked.push(s);
	}
	return picked.map((s) => ({ id: s.candidate.id, score: s.score, reason: s.reason }));
}
