import { describe, expect, it } from 'vitest';
import { confidentJoint, findLabelIssues, perClassThresholds } from '$lib/core/quality/label-issues';
import { seededRandom } from '$lib/core/random';

/**
 * 300 samples of 3 classes whose out-of-sample probabilities favour their true class (an imperfect
 * model: 0.5 to 0.9 on it), of which the labels of `flipped` were changed to another class.
 */
function noisySet(flipped: readonly number[]) {
	const random = seededRandom(11);
	const truth = Array.from({ length: 300 }, (_, i) => i % 3);
	const probs = truth.map((t) => {
		const p = [0, 0, 0].map(() => random() * 0.2);
		p[t] = 0.5 + random() * 0.4;
		const sum = p.reduce((a, b) => a + b, 0);
		return p.map((v) => v / sum);
	});
	const labels = truth.map((t, i) => (flipped.includes(i) ? (t + 1 + (i % 2)) % 3 : t));
	return { probs, labels, truth };
}

describe('confident learning', () => {
	it('finds the flipped labels of a constructed set, and says what the model would give each', () => {
		const flipped = [3, 17, 40, 88, 121, 150, 199, 230, 256, 290];
		const { probs, labels, truth } = noisySet(flipped);

		const sut = findLabelIssues(probs, labels);

		const found = sut.map((i) => i.index);
		const right = found.filter((i) => flipped.includes(i));
		expect(right.length / flipped.length).toBeGreaterThanOrEqual(0.9); // recall
		expect(right.length / found.length).toBeGreaterThanOrEqual(0.8); // precision
		for (const issue of sut.filter((i) => flipped.includes(i.index))) expect(issue.suggested).toBe(truth[issue.index]);
		const margins = sut.map((i) => i.givenP - i.suggestedP);
		expect(margins).toEqual([...margins].sort((a, b) => a - b)); // likeliest wrong first (normalized margin)
	});

	it('flags nothing in a clean set whose model agrees with it', () => {
		const { probs, labels } = noisySet([]);

		expect(findLabelIssues(probs, labels)).toEqual([]);
	});

	it('thresholds each class at its mean probability over its labelled samples; a class nobody labelled takes no part', () => {
		const probs = [[0.9, 0.1, 0], [0.7, 0.3, 0], [0.2, 0.8, 0]];
		const labels = [0, 0, 1];

		const thresholds = perClassThresholds(probs, labels, 3);

		expect(thresholds[0]).toBeCloseTo(0.8);
		expect(thresholds[1]).toBeCloseTo(0.8);
		expect(thresholds[2]).toBe(Infinity);
		expect(confidentJoint(probs, labels, thresholds)).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 0]]);
	});

	it('finds a slip its true class is too sure of its own samples to count, but not a label the folds merely doubt', () => {
		// Class 0's samples are 0.95 sure of it: a sample labelled 1 that the folds give 0.71 on 0 and
		// nothing on 1 is below class 0's threshold, never in the confident joint, and still a slip.
		const probs = [
			...Array.from({ length: 10 }, () => [0.95, 0.03, 0.02]),
			...Array.from({ length: 10 }, () => [0.05, 0.9, 0.05]),
			...Array.from({ length: 10 }, () => [0.05, 0.05, 0.9]),
			[0.71, 0.0, 0.29], // the slip: labelled 1
			[0.6, 0.3, 0.1], // labelled 1, doubted at 2 to 1: not ruled out
			[0.5, 0.02, 0.48] // labelled 2, not 20 times as likely a 0 as a 2
		];
		const labels = [...Array(10).fill(0), ...Array(10).fill(1), ...Array(10).fill(2), 1, 1, 2];
		const thresholds = perClassThresholds(probs, labels, 3);
		expect(probs[30]![0]!).toBeLessThan(thresholds[0]!);
		expect(confidentJoint(probs, labels, thresholds)[1]![0]).toBe(0);

		const sut = findLabelIssues(probs, labels);

		expect(sut.map((i) => i.index)).toEqual([30]);
		expect(sut[0]).toMatchObject({ given: 1, suggested: 0, givenP: 0, suggestedP: 0.71 });
	});
});
