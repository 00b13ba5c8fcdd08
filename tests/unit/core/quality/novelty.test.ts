import { describe, expect, it } from 'vitest';
import { auroc, knnNovelty, MIN_REFERENCE, noveltyReference, softmaxNovelty } from '$lib/core/quality/novelty';
import { seededRandom } from '$lib/core/random';

/** `n` points around `centre` (8 dimensions), spread by `spread`. */
function cluster(centre: number[], n: number, spread: number, seed: number): Float32Array[] {
	const random = seededRandom(seed);
	return Array.from({ length: n }, () => Float32Array.from(centre, (c) => c + (random() - 0.5) * spread));
}

const axis = (i: number, scale = 1) => Array.from({ length: 8 }, (_, j) => (j === i ? scale : 0.1));

describe('knn novelty', () => {
	it('ranks a far cluster above the taught ones: taught samples score about 1 or less, the far ones well above', () => {
		const taught = [...cluster(axis(0), 30, 0.3, 1), ...cluster(axis(1), 30, 0.3, 2)];
		const reference = noveltyReference(taught)!;
		const sameKind = [...cluster(axis(0), 20, 0.3, 3), ...cluster(axis(1), 20, 0.3, 4)].map((e) => knnNovelty(reference, e));
		const far = cluster(axis(5), 20, 0.3, 5).map((e) => knnNovelty(reference, e));

		expect(auroc(far, sameKind)).toBe(1);
		expect(Math.min(...far)).toBeGreaterThan(2);
		expect(sameKind.filter((s) => s > 1.5).length).toBeLessThanOrEqual(2);
	});

	it('measures direction, not length: a taught sample scaled up is not novel', () => {
		const taught = cluster(axis(0), 20, 0.3, 6);
		const reference = noveltyReference(taught)!;

		expect(knnNovelty(reference, taught[0]!.map((v) => v * 10))).toBeLessThan(1);
	});

	it('says nothing with fewer than MIN_REFERENCE labelled samples', () => {
		expect(noveltyReference(cluster(axis(0), MIN_REFERENCE - 1, 0.3, 7))).toBeNull();
		expect(noveltyReference(cluster(axis(0), MIN_REFERENCE, 0.3, 7))).not.toBeNull();
	});
});

describe('softmax novelty and AUROC', () => {
	it('scores 1 minus the top probability', () => {
		expect(softmaxNovelty([0.7, 0.2, 0.1])).toBeCloseTo(0.3);
	});

	it('is 1 for a perfect separation, 0 for a reversed one, 0.5 for ties', () => {
		expect(auroc([3, 4], [1, 2])).toBe(1);
		expect(auroc([1, 2], [3, 4])).toBe(0);
		expect(auroc([1, 1], [1, 1])).toBe(0.5);
		expect(auroc([], [1])).toBeNaN();
	});
});
