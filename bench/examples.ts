// The data, training rules and summary statistics the Node benchmarks share (learn-curve, al).
import { parseDigitsCsv, upscaleGray } from '$lib/core/data/digits';
import type { Example } from '$lib/core/model/online-learner';

export const BATCH = 32;

/**
 * Epochs for a full retrain on `n` labels: at least 300 optimiser steps (batch 32) and at least 10
 * passes. Measured here (digits, one split, test accuracy after N steps of fit on n labels, Adam 1e-3):
 *   n=10:  50 steps 0.447, 100 0.453, 300 0.455, 600 0.466, 1200 0.460
 *   n=50:  50 steps 0.798, 100 0.805, 300 0.822, 600 0.831, 1200 0.839
 *   n=100: 52 steps 0.865, 100 0.866, 300 0.896, 600 0.896, 1200 0.905
 *   n=300: 50 steps 0.876, 100 0.918, 300 0.946, 600 0.948
 * so 300 steps is within about 1.5 points of 2-4x as many, for a third to a quarter of the time (a
 * batch-32 step is ~170 ms on WASM on 2 cores, so 300 steps is ~50 s). The 10 passes matter for the
 * full-data reference only (1,258 labels: 10 epochs, 400 steps).
 */
export function retrainEpochs(n: number): number {
	return Math.max(10, Math.ceil(300 / Math.ceil(n / BATCH)));
}

export function loadExamples(csv: string): { examples: Example[]; classes: string[] } {
	const rows = parseDigitsCsv(csv);
	if (rows.length === 0) throw new Error('the CSV has no rows');
	const pixels = rows[0]!.pixels.length;
	const side = Math.round(Math.sqrt(pixels));
	if (side * side !== pixels) throw new Error(`learn-curve needs a square grayscale image CSV; ${pixels} pixel columns is not a square`);
	// The UCI digits are 0..16; any other square grayscale CSV is scaled by its own maximum.
	let max = 0;
	for (const row of rows) for (const v of row.pixels) if (v > max) max = v;
	const classes = [...new Set(rows.map((r) => r.label))].sort((a, b) => (Number(a) - Number(b)) || a.localeCompare(b));
	const index = new Map(classes.map((c, i) => [c, i]));
	const examples = rows.map((row, i) => ({ id: `r${i}`, input: upscaleGray(row.pixels, side, max || 1), label: index.get(row.label)! }));
	return { examples, classes };
}

/** One printed line of a benchmark's output. */
export type Line = Record<string, unknown>;

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Sample standard deviation; null with one seed, where there is none. */
export const std = (xs: number[]) => (xs.length < 2 ? null : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));
/** Rounded for printing; null for a figure that does not exist (no seeds, no such budget). */
export const round = (x: number | null, digits = 4) => (x === null || Number.isNaN(x) ? null : +x.toFixed(digits));
