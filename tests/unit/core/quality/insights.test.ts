import { describe, expect, it } from 'vitest';
import { buildInsights, EFFECT_WINDOW } from '$lib/core/quality/insights';
import { addAct, addJudgement, addMarker, emptyHistory, MAX_BUCKETS, MAX_JUDGED, type Judgement } from '$lib/core/quality/teaching-history';

const CLASSES = ['cat', 'dog'];

/** A judgement of sample `id`, labelled `classId`, where the model said `said` with probability `p`. */
function judgement(id: string, classId: string, said: string, p = 0.9, labels = 10, audit = false): Judgement {
	const probs = Float32Array.from(CLASSES, (c) => (c === said ? p : 1 - p));
	return { sampleId: id, classId, classIds: CLASSES, probs, right: classId === said, labels, version: labels, audit };
}

describe('teaching history', () => {
	it('keeps the newest MAX_JUDGED judgements whole, and every one on a curve of at most MAX_BUCKETS stretches', () => {
		const sut = emptyHistory();

		for (let i = 0; i < MAX_JUDGED + 500; i++) addJudgement(sut, judgement(`s${i}`, 'cat', i % 3 ? 'cat' : 'dog', 0.9, i));

		expect(sut.judged).toHaveLength(MAX_JUDGED);
		expect(sut.judged[0]!.sampleId).toBe('s500');
		expect(sut.judgedTotal).toBe(MAX_JUDGED + 500);
		expect(sut.curve.length).toBeLessThanOrEqual(MAX_BUCKETS);
		expect(sut.curve.reduce((n, b) => n + b.judged, 0)).toBe(MAX_JUDGED + 500);
		expect(sut.curve.at(-1)!.labels).toBe(MAX_JUDGED + 499);
	});
});

describe('buildInsights', () => {
	it('with nothing judged, says so: an empty matrix, no curve, no ECE (never NaN in a chart)', () => {
		const sut = buildInsights(emptyHistory(), CLASSES, 3);

		expect(sut.judged).toBe(0);
		expect(sut.curve).toEqual([]);
		expect(sut.confusion.n).toBe(0);
		expect(sut.confusion.precision).toEqual([null, null]);
		expect(sut.reliability.n).toBe(0);
		expect(sut.reliability.ece).toBeNaN();
		expect(sut.effects.every((e) => e.meanChange === null)).toBe(true);
	});

	it('counts labelled against suggested, each sample once as last judged, with its samples per cell and precision and recall', () => {
		const history = emptyHistory();
		for (const [id, label, said] of [['a', 'cat', 'cat'], ['b', 'cat', 'dog'], ['c', 'dog', 'dog'], ['d', 'dog', 'dog'], ['b', 'cat', 'cat']] as const) addJudgement(history, judgement(id, label, said));

		const { confusion } = buildInsights(history, CLASSES, 5);

		expect(confusion.counts).toEqual([[2, 0], [0, 2]]);
		expect(confusion.samples[0]![0]).toEqual(['b', 'a']);
		expect(confusion.precision).toEqual([1, 1]);
		expect(confusion.n).toBe(4);
	});

	it('stays bounded at 50,000 labels: the record keeps its caps, and every figure shown is a number or absent', () => {
		const history = emptyHistory();
		for (let i = 0; i < 50_000; i++) addJudgement(history, judgement(`s${i}`, i % 2 ? 'cat' : 'dog', i % 3 ? 'cat' : 'dog', 0.8, i, i % 10 === 0));

		const sut = buildInsights(history, CLASSES, 50_000);

		expect(history.judged).toHaveLength(MAX_JUDGED);
		expect(sut.curve.length).toBeLessThanOrEqual(MAX_BUCKETS);
		expect(sut.curve.at(-1)!.audit!.n).toBe(5000);
		expect(sut.confusion.n).toBe(500);
		expect(Number.isFinite(sut.reliability.ece)).toBe(true);
		const shown = [...sut.curve.map((p) => p.heldOut), ...sut.confusion.precision, ...sut.confusion.recall, ...sut.effects.map((e) => e.meanChange)];
		expect(shown.every((x) => x === null || Number.isFinite(x))).toBe(true);
	});

	it('with a single class, or a class with no samples, gives nulls, not NaN', () => {
		const one = emptyHistory();
		addJudgement(one, judgement('a', 'cat', 'cat'));
		expect(buildInsights(one, ['cat'], 1).confusion.recall).toEqual([1]);
	});

	it('gives a class with no samples nulls, not NaN, and leaves out classes no longer in the project', () => {
		const history = emptyHistory();
		addJudgement(history, judgement('a', 'cat', 'cat'));

		const { confusion } = buildInsights(history, ['cat', 'dog', 'bird'], 1);

		expect(confusion.recall).toEqual([1, null, null]);
		expect(confusion.precision[2]).toBeNull();
		expect(buildInsights(history, ['dog'], 1).confusion.n).toBe(0);
	});

	it('draws the held-out curve once 10 judgements are in, and the audit estimate with its interval from the audit picks up to each point', () => {
		const history = emptyHistory();
		for (let i = 0; i < 30; i++) addJudgement(history, judgement(`s${i}`, 'cat', i < 10 ? 'dog' : 'cat', 0.9, i, i % 5 === 0));

		const { curve } = buildInsights(history, CLASSES, 30);

		expect(curve[0]!.heldOut).toBeNull();
		expect(curve.at(-1)!.heldOut).toBe(1);
		const last = curve.at(-1)!.audit!;
		expect(last.n).toBe(6);
		expect(last.low).toBeLessThan(last.estimate);
		expect(last.high).toBeGreaterThanOrEqual(last.estimate);
	});

	it('measures an act kind by held-out accuracy after it against before it, over EFFECT_WINDOW judgements each side', () => {
		const history = emptyHistory();
		for (let i = 0; i < EFFECT_WINDOW; i++) addJudgement(history, judgement(`b${i}`, 'cat', i % 2 ? 'cat' : 'dog')); // 50% before
		addAct(history, 'painting');
		addMarker(history, 'explanation', 10, 4);
		for (let i = 0; i < EFFECT_WINDOW; i++) addJudgement(history, judgement(`a${i}`, 'cat', 'cat')); // 100% after
		addAct(history, 'rating'); // nothing after it yet: not measured

		const { effects, markers } = buildInsights(history, CLASSES, 20);

		expect(effects.find((e) => e.kind === 'painting')).toMatchObject({ acts: 1, measured: 1, meanChange: 0.5 });
		expect(effects.find((e) => e.kind === 'rating')).toMatchObject({ acts: 1, measured: 0, meanChange: null });
		expect(markers).toEqual([{ kind: 'explanation', labels: 10, version: 4 }]);
	});

	it('shows the reliability of the confidence as it was shown: today’s temperature, each judgement’s evidence', () => {
		const history = emptyHistory();
		for (let i = 0; i < 20; i++) addJudgement(history, judgement(`s${i}`, 'cat', i < 10 ? 'cat' : 'dog', 0.99, 1000));

		const { reliability } = buildInsights(history, CLASSES, 1000);

		expect(reliability.n).toBe(20);
		expect(reliability.bins[9]!.count).toBe(20);
		expect(reliability.ece).toBeCloseTo(0.49, 1); // 99% sure, 50% right
	});
});
