import FFT from 'fft.js';
import { INPUT_SIDE } from '../model/input-size';
import { SOUND_RATE } from './clips';

/**
 * The log-mel spectrogram a sound model sees, as the 32x32 picture the image CNN reads: one column per
 * moment (32 frames spread evenly over the clip, so a clip of any length fills the picture), one row
 * per mel band (the highest at the top, as spectrograms are drawn). Parameters:
 * - frames of FFT_SIZE samples (32 ms at 16 kHz), Hann-windowed, real FFT (fft.js);
 * - MEL_BANDS triangular HTK-mel bands from MIN_HZ to half the rate (8 kHz);
 * - power scaled so that a full-scale sine reads 0 dB, in decibels clipped to FLOOR_DB..0, then
 *   0..255 (a fixed scale, not one per clip: how loud a sound is tells it from background noise).
 */
export const FFT_SIZE = 512;
export const MEL_BANDS = INPUT_SIDE;
export const FRAMES = INPUT_SIDE;
export const MIN_HZ = 60;
export const FLOOR_DB = -80;

const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const hzOfMel = (m: number) => 700 * (10 ** (m / 2595) - 1);

/** Each band's centre frequency, lowest first. */
export function melCentres(rate = SOUND_RATE): number[] {
	const [low, high] = [mel(MIN_HZ), mel(rate / 2)];
	return Array.from({ length: MEL_BANDS }, (_, b) => hzOfMel(low + ((b + 1) * (high - low)) / (MEL_BANDS + 1)));
}

/** The row of the picture that holds the band centred nearest `hz` (row 0 is the highest band). */
export function rowOfHz(hz: number, rate = SOUND_RATE): number {
	const centres = melCentres(rate);
	let best = 0;
	centres.forEach((c, b) => Math.abs(mel(c) - mel(hz)) < Math.abs(mel(centres[best]!) - mel(hz)) && (best = b));
	return MEL_BANDS - 1 - best;
}

interface Plan {
	fft: FFT;
	hann: Float32Array;
	/** Per band, the weight of each FFT bin (0..FFT_SIZE/2). */
	bands: Float32Array[];
	scale: number;
}

const plans = new Map<number, Plan>();

function planFor(rate: number): Plan {
	let plan = plans.get(rate);
	if (plan) return plan;
	const hann = Float32Array.from({ length: FFT_SIZE }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FFT_SIZE));
	const sum = hann.reduce((a, b) => a + b, 0);
	const [low, high] = [mel(MIN_HZ), mel(rate / 2)];
	const edges = Array.from({ length: MEL_BANDS + 2 }, (_, i) => low + (i * (high - low)) / (MEL_BANDS + 1));
	const bins = FFT_SIZE / 2 + 1;
	const bands = Array.from({ length: MEL_BANDS }, (_, b) => {
		const weights = new Float32Array(bins);
		for (let k = 0; k < bins; k++) {
			const m = mel((k * rate) / FFT_SIZE);
			const w = Math.min((m - edges[b]!) / (edges[b + 1]! - edges[b]!), (edges[b + 2]! - m) / (edges[b + 2]! - edges[b + 1]!));
			weights[k] = Math.max(0, w);
		}
		// A band narrower than a bin would catch nothing: it takes the bin nearest its centre.
		if (weights.every((w) => w === 0)) weights[Math.round((hzOfMel(edges[b + 1]!) * FFT_SIZE) / rate)] = 1;
		return weights;
	});
	plan = { fft: new FFT(FFT_SIZE), hann, bands, scale: 4 / (sum * sum) };
	plans.set(rate, plan);
	return plan;
}

/** The log-mel spectrogram in decibels (FLOOR_DB..0), row-major as the picture (highest band first). */
export function logMel(clip: Float32Array, rate = SOUND_RATE): Float32Array {
	const { fft, hann, bands, scale } = planFor(rate);
	const out = new Float32Array(MEL_BANDS * FRAMES);
	const frame = new Array<number>(FFT_SIZE);
	const spectrum = fft.createComplexArray() as number[];
	const power = new Float32Array(FFT_SIZE / 2 + 1);
	const span = Math.max(0, clip.length - FFT_SIZE);
	for (let t = 0; t < FRAMES; t++) {
		const start = Math.round((t * span) / (FRAMES - 1));
		for (let i = 0; i < FFT_SIZE; i++) frame[i] = (clip[start + i] ?? 0) * hann[i]!;
		fft.realTransform(spectrum, frame);
		for (let k = 0; k < power.length; k++) power[k] = (spectrum[2 * k]! ** 2 + spectrum[2 * k + 1]! ** 2) * scale;
		bands.forEach((weights, b) => {
			let energy = 0;
			for (let k = 0; k < weights.length; k++) if (weights[k]) energy += weights[k]! * power[k]!;
			const db = 10 * Math.log10(Math.max(energy, 1e-12));
			out[(MEL_BANDS - 1 - b) * FRAMES + t] = Math.max(FLOOR_DB, Math.min(0, db));
		});
	}
	return out;
}

/** The model's input for a clip: its log-mel spectrogram as 0..255 bytes. */
export function spectrogramInput(clip: Float32Array, rate = SOUND_RATE): Uint8Array {
	return Uint8Array.from(logMel(clip, rate), (db) => Math.round(((db - FLOOR_DB) / -FLOOR_DB) * 255));
}

/** How much of a clip's time each of the picture's columns covers, as [start, end) sample indices. */
export function frameSpan(column: number, clipLength: number): [number, number] {
	const span = Math.max(0, clipLength - FFT_SIZE);
	const start = Math.round((column * span) / (FRAMES - 1));
	return [start, Math.min(clipLength, start + FFT_SIZE)];
}

/** How to prepare a sound for an exported sound model, exactly as Attune does (model.json's metadata). */
export function soundCnnInput(clipSeconds: number) {
	return {
		shape: [null, MEL_BANDS, FRAMES, 1],
		dtype: 'float32',
		range: [0, 1],
		description:
			`A log-mel spectrogram of one ${clipSeconds} s clip of mono sound at ${SOUND_RATE} Hz (resampled with a windowed-sinc low-pass; shorter sounds padded with silence at the end). ` +
			`${FRAMES} frames of ${FFT_SIZE} samples, Hann-windowed, starting evenly from the clip's first sample to its last full frame; power |FFT|^2 x 4 / (sum of the window)^2, so a full-scale sine is 1. ` +
			`${MEL_BANDS} triangular HTK-mel bands (mel = 2595 log10(1 + f / 700)) spaced evenly from ${MIN_HZ} Hz to ${SOUND_RATE / 2} Hz, each summing the power under its triangle (peak weight 1). ` +
			`Each value is 10 log10(energy) clipped to ${FLOOR_DB}..0 dB, then (dB - ${FLOOR_DB}) / ${-FLOOR_DB}, rounded to 1/255. Rows are bands, highest first; columns are frames, earliest first.`,
		output: 'Softmax probabilities, one per class, in the order of "labels".'
	} as const;
}
