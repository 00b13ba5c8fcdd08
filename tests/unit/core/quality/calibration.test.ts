import { describe, expect, it } from 'vitest';
import { calibrate, expectedCalibrationError, fitTemperature, reliabilityBins, UNFITTED, type Judged } from '$lib/core/quality/calibration';
import { topIndex } from '$lib/core/metrics/top-class';
import { seededRandom } from '$lib/core/random';

/**
 * An overconfident toy model on 4 classes: it is right 70% of the time, but its top class always
 * gets about 0.97 (a sharpened distribution), as a network trained on few labels does.
 */
function overconfident(n: number, seed = 1): Judged[] {
	const random = seededRandom(seed);
	return Array.from({ length: n }, () => {
		const label = Math.floor(random() * 4);
		const top = random() < 0.7 ? label : (label + 1 + Math.floor(random() * 3)) % 4;
		const probs = [0.01, 0.01, 0.01, 0.01];
		probs[top] = 0.97;
		probs[(top + 1) % 4]! += random() * 0.005;
		return { probs, label, audit: true };
	});
}

const outcomesOf = (judged: readonly Judged[], temperature: number, labels = 1e9) =>
	judged.map((j) => {
		const p = calibrate(j.probs, { temperature, labels, fittedOn: 0 });
		const top = topIndex(p);
		return { confidence: p[top]!, right: top === j.label };
	});

describe('reliability bins and the expected calibration error', () => {
	it('puts each outcome in its tenth of confidence, the last bin taking 1, with the mean confidence and the share right', () => {
		const sut = reliabilityBins([
			{ confidence: 0.05, right: false },
			{ confidence: 0.95, right: true },
			{ confidence: 1, right: false },
			{ confidence: 0.92, right: true }
		]);

		expect(sut).toHaveLength(10);
		expect(sut[0]).toMatchObject({ count: 1, accuracy: 0 });
		expect(sut[9]!.count).toBe(3);
		expect(sut[9]!.confidence).toBeCloseTo((0.95 + 1 + 0.92) / 3);
		expect(sut[9]!.accuracy).toBeCloseTo(2 / 3);
		expect(sut[5]!.count).toBe(0);
		expect(sut[5]!.accuracy).toBeNaN();
	});

	it('is 0 when confidence matches accuracy in every bin, and the count-weighted gap otherwise', () => {
		const matched = [...Array(8)].map((_, i) => ({ confidence: 0.75, right: i < 6 }));
		const gap = [...Array(10)].map((_, i) => ({ confidence: 0.9, right: i < 5 })); // 90% sure, 50% right

		expect(expectedCalibrationError(matched)).toBeCloseTo(0);
		expect(expectedCalibrationError(gap)).toBeCloseTo(0.4);
		expect(expectedCalibrationError([...matched, ...gap])).toBeCloseTo((10 / 18) * 0.4);
		expect(expectedCalibrationError([])).toBeNaN();
	});
});

describe('fitTemperature', () => {
	it('softens an overconfident model until its confidence is near its accuracy: the ECE falls, and no arg-max changes', () => {
		const judged = overconfident(300);

		const sut = fitTemperature(judged);

		expect(sut).toBeGreaterThan(1.5);
		const before = expectedCalibrationError(outcomesOf(judged, 1));
		const after = expectedCalibrationError(outcomesOf(judged, sut));
		expect(before).toBeGreaterThan(0.2);
		expect(after).toBeLessThan(0.05);
		for (const j of judged) expect(topIndex(calibrate(j.probs, { temperature: sut, labels: 1e9, fittedOn: 0 }))).toBe(topIndex(j.probs));
	});

	it('trusts the random audit picks over the queue’s hard picks: queue picks the model got wrong move T a tenth as much', () => {
		const audits = Array.from({ length: 40 }, (_, i): Judged => ({ probs: [0.97, 0.03], label: i < 39 ? 0 : 1, audit: true })); // 97% sure, 97.5% right
		const hard = overconfident(40).map((j) => ({ ...j, audit: false }));

		const sut = fitTemperature([...audits, ...hard]);
		const allWhole = fitTemperature([...audits, ...hard.map((j) => ({ ...j, audit: true }))]);

		expect(sut).toBeLessThan(allWhole);
		expect(sut).toBeLessThan(1.5);
	});

	it('leaves T at 1 with fewer than 10 judged labels, and a well-calibrated model near 1', () => {
		const random = seededRandom(3);
		const honest: Judged[] = Array.from({ length: 400 }, () => {
			const label = random() < 0.8 ? 0 : 1; // says 80% for class 0, and is right 80% of the time
			return { probs: [0.8, 0.2], label, audit: true };
		});

		expect(fitTemperature(overconfident(9))).toBe(1);
		expect(fitTemperature(honest)).toBeCloseTo(1, 1);
	});
});

describe('calibrate', () => {
	it('shrinks towards even odds with little evidence: 3 labels never give 100%, many labels leave the model its say', () => {
		const sure = [1, 0];

		const three = calibrate(sure, { ...UNFITTED, labels: 3 });
		const many = calibrate(sure, { ...UNFITTED, labels: 10_000 });

		expect(three[0]).toBeLessThan(0.95);
		expect(three[0]! + three[1]!).toBeCloseTo(1);
		expect(many[0]).toBeGreaterThan(0.999);
		expect(calibrate(sure, { ...UNFITTED, labels: 0 })[0]).toBeCloseTo(0.5);
	});

	it('writes into the array it is given, and survives probabilities that underflowed to 0', () => {
		const out = new Float32Array(3);

		const sut = calibrate([0, 0.3, 0.7], { temperature: 2, labels: 50, fittedOn: 20 }, out);

		expect(sut).toBe(out);
		expect([...sut].every(Number.isFinite)).toBe(true);
		expect(sut[2]).toBeGreaterThan(sut[1]!);
		expect(sut[0]).toBeGreaterThan(0);
	});
});
