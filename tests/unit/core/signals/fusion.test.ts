import { describe, expect, it } from 'vitest';
import { fuseSignals as sut, trainingTarget, type FusionInput } from '$lib/core/signals/fusion';
import { DEFAULT_SIGNAL_WEIGHTS, type ImplicitSignal, type Rating, type SignalWeights, type StoredEvent } from '$lib/core/types';

const HOUR = 3_600_000;
const NOW = 1_000 * HOUR;

const rate = (sampleId: string, classId: string, rating: Rating, at = NOW): StoredEvent => ({ type: 'sample.rate', sampleId, classId, rating, modelVersion: 1, projectId: 'p', at });
const reject = (sampleId: string, classId: string, at = NOW): StoredEvent => ({ type: 'sample.reject', sampleId, classId, modelVersion: 1, projectId: 'p', at });
const signal = (sampleId: string, classId: string | null, kind: ImplicitSignal, at = NOW): StoredEvent => ({ type: 'sample.signal', sampleId, classId, signal: kind, modelVersion: 1, projectId: 'p', at });
const label = (sampleId: string, classId: string | null): StoredEvent => ({ type: 'sample.label', sampleId, classId, previous: null, via: 'correct', modelVersion: 1, projectId: 'p', at: NOW });

/** Weights where every implicit signal counts as much as the settings allow. */
const HEAVY: SignalWeights = { ...DEFAULT_SIGNAL_WEIGHTS, accept: 10, dwell: 10, hover: 10, skip: 10, ignore: 10 };

function fuse(events: StoredEvent[], labels: Record<string, string | undefined> = { s: undefined }, weights: Partial<SignalWeights> = {}) {
	const input: FusionInput = { events, labels: new Map(Object.entries(labels)), weights: { ...DEFAULT_SIGNAL_WEIGHTS, ...weights }, now: NOW };
	return sut(input);
}

describe('fuseSignals', () => {
	it('an explicit label wins over any number of heavy ratings and implicit signals', () => {
		const noise = Array.from({ length: 50 }, () => [rate('s', 'b', 'up'), signal('s', 'b', 'accept'), signal('s', 'a', 'skip')]).flat();

		const { targets, counts } = fuse(noise, { s: 'a' }, HEAVY);

		expect(targets.get('s')).toEqual({ sampleId: 's', kind: 'label', weight: 1, positive: { a: 1 }, negative: {} });
		expect(counts.driving).toMatchObject({ label: 1, up: 0, accept: 0, skip: 0 });
		expect(counts.seen).toMatchObject({ label: 1, up: 50, accept: 50, skip: 50 });
	});

	it('implicit signals never override a rating', () => {
		const events = [rate('s', 'a', 'down'), ...Array.from({ length: 50 }, () => signal('s', 'a', 'dwell'))];

		const target = fuse(events, undefined, HEAVY).targets.get('s');

		expect(target).toMatchObject({ kind: 'rating', positive: {}, negative: { a: 0.5 } });
	});

	it('implicit evidence alone never weighs more than a rating', () => {
		const events = Array.from({ length: 50 }, () => signal('s', 'a', 'accept'));

		const target = fuse(events, undefined, HEAVY).targets.get('s')!;

		expect(target.kind).toBe('implicit');
		expect(target.positive.a).toBe(HEAVY.rating);
		// With ratings off, the label's weight bounds them instead of switching them off too.
		expect(fuse(events, undefined, { ...HEAVY, rating: 0, label: 0.8 }).targets.get('s')!.positive.a).toBe(0.8);
	});

	it('follows the weights: doubling one doubles the target, 0 removes the kind without handing the sample down', () => {
		const labelled = (w: number) => fuse([rate('s', 'b', 'up')], { s: 'a' }, { label: w }).targets.get('s')?.weight;
		const rated = (w: number) => fuse([rate('s', 'a', 'up')], undefined, { rating: w }).targets.get('s')?.weight;
		const dwelt = (w: number) => fuse([signal('s', 'a', 'dwell')], undefined, { dwell: w }).targets.get('s')?.weight;

		expect(labelled(2)).toBe(2 * labelled(1)!);
		expect(rated(0.4)).toBeCloseTo(2 * rated(0.2)!);
		expect(dwelt(0.2)).toBeCloseTo(2 * dwelt(0.1)!);
		expect(labelled(0)).toBeUndefined();
		expect(fuse([rate('s', 'a', 'up'), signal('s', 'a', 'dwell')], undefined, { rating: 0 }).targets.size).toBe(0);
		expect(fuse([signal('s', 'a', 'dwell')], undefined, { dwell: 0 }).counts.driving.dwell).toBe(0);
	});

	it('weighs "more / less like this" with the similar weight', () => {
		const target = fuse([rate('s', 'a', 'more'), rate('s', 'b', 'less')], undefined, { similar: 0.3 }).targets.get('s');

		expect(target).toMatchObject({ kind: 'rating', weight: 0.6, positive: { a: 0.3 }, negative: { b: 0.3 } });
	});

	it('halves an implicit signal at one half-life', () => {
		const at = (hours: number) => fuse([signal('s', 'a', 'dwell', NOW - hours * HOUR)], undefined, { halfLifeHours: 10 }).targets.get('s')!.weight;

		expect(at(10)).toBeCloseTo(at(0) / 2);
		expect(at(20)).toBeCloseTo(at(0) / 4);
	});

	it('takes skip and ignore as against the class shown, hover as for the class hovered', () => {
		const weights = { skip: 0.1, ignore: 0.1, hover: 0.1 };

		const target = fuse([signal('s', 'a', 'skip'), signal('s', 'a', 'ignore'), signal('s', 'b', 'hover'), signal('s', null, 'dwell')], undefined, weights).targets.get('s')!;

		expect(target.positive).toEqual({ b: 0.1 });
		expect(target.negative.a).toBeCloseTo(0.2);
	});

	it('keeps the latest rating of each class, and a reject is a thumbs down', () => {
		const { targets, counts } = fuse([rate('s', 'a', 'up'), rate('s', 'a', 'down'), rate('s', 'b', 'down'), rate('s', 'b', 'up'), reject('t', 'c')], { s: undefined, t: undefined });

		expect(targets.get('s')).toMatchObject({ positive: { b: 0.5 }, negative: { a: 0.5 } });
		expect(targets.get('t')).toMatchObject({ kind: 'rating', negative: { c: 0.5 } });
		expect(counts.seen).toMatchObject({ up: 2, down: 3 });
		expect(counts.driving).toMatchObject({ up: 1, down: 2 });
	});

	it('takes labels from the stored samples, not the log, and ignores samples no longer stored', () => {
		const { targets, counts } = fuse([label('s', 'b'), label('s', null), rate('s', 'a', 'up'), rate('gone', 'a', 'up')], { s: undefined, imported: 'c' });

		expect(targets.get('s')?.kind).toBe('rating');
		expect(targets.get('imported')?.positive).toEqual({ c: 1 });
		expect(targets.has('gone')).toBe(false);
		expect(counts.seen).toMatchObject({ label: 1, up: 1 });
	});

	it('counts implicit signals that drive training, and not those on rated samples', () => {
		const { counts } = fuse([signal('s', 'a', 'accept'), signal('s', 'a', 'hover'), signal('t', 'a', 'accept'), rate('t', 'b', 'up')], { s: undefined, t: undefined });

		expect(counts.seen).toMatchObject({ accept: 2, hover: 1 });
		expect(counts.driving).toMatchObject({ accept: 1, hover: 1, up: 1 });
	});
});

describe('trainingTarget', () => {
	const classes = ['a', 'b', 'c', 'd'];

	it('puts positive weight on its class: the row sums to the weight', () => {
		expect(Array.from(trainingTarget({ positive: { b: 0.5 }, negative: {} }, classes)!)).toEqual([0, 0.5, 0, 0]);
	});

	it('spreads "not c" evenly over the classes not ruled out', () => {
		const row = trainingTarget({ positive: {}, negative: { a: 0.6 } }, classes)!;
		const two = trainingTarget({ positive: {}, negative: { a: 0.3, b: 0.3 } }, classes)!;

		expect(Array.from(row).map((v) => +v.toFixed(6))).toEqual([0, 0.2, 0.2, 0.2]);
		expect(Array.from(two).map((v) => +v.toFixed(6))).toEqual([0, 0, 0.3, 0.3]);
	});

	it('adds positive and negative evidence: the row sums to the total weight', () => {
		const row = trainingTarget({ positive: { c: 0.5 }, negative: { a: 0.3 } }, classes)!;

		expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(0.8);
		expect(row[2]).toBeCloseTo(0.6);
	});

	it('drops classes outside the class order, and gives nothing when nothing is left', () => {
		expect(Array.from(trainingTarget({ positive: { gone: 1, a: 0.5 }, negative: { old: 1 } }, classes)!)).toEqual([0.5, 0, 0, 0]);
		expect(trainingTarget({ positive: { gone: 1 }, negative: {} }, classes)).toBeUndefined();
		expect(trainingTarget({ positive: {}, negative: { a: 1, b: 1 } }, ['a', 'b'])).toBeUndefined();
	});
});
