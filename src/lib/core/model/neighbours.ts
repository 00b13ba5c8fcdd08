export interface Neighbour {
	index: number;
	similarity: number;
}

function norm(values: Float32Array, row: number, width: number): number {
	let sum = 0;
	for (let j = 0; j < width; j++) sum += values[row * width + j]! ** 2;
	return Math.sqrt(sum) || 1;
}

/** The `k` rows of `pool` most cosine-similar to `query` (a row of width `width`). */
export function nearest(query: Float32Array, pool: Float32Array, width: number, k: number): Neighbour[] {
	const rows = pool.length / width;
	const q = norm(query, 0, width);
	const scored: Neighbour[] = [];
	for (let i = 0; i < rows; i++) {
		let dot = 0;
		for (let j = 0; j < width; j++) dot += query[j]! * pool[i * width + j]!;
		scored.push({ index: i, similarity: dot / (q * norm(pool, i, width)) });
	}
	return scored.sort((a, b) => b.similarity - a.similarity).slice(0, k);
}
