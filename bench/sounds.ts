// Synthesised sound classes for the sound benches and the test data: no recording is downloaded.
import { synthesize, type SoundShape } from '$lib/core/sound/synth';
import { encodeWav } from '$lib/core/sound/wav';
import { seededRandom } from '$lib/core/random';
import { SOUND_RATE } from '$lib/core/sound/clips';
import { spectrogramInput } from '$lib/core/sound/log-mel';

/** Each class: a shape, its pitch (or click rate) range, and how long the sound lasts within the second. */
const CLASSES: { name: string; shape: SoundShape; hz: [number, number] }[] = [
	{ name: 'low-hum', shape: 'tone', hz: [180, 320] },
	{ name: 'whistle', shape: 'tone', hz: [1800, 2600] },
	{ name: 'chirp', shape: 'chirp', hz: [400, 700] },
	{ name: 'hiss', shape: 'noise', hz: [0, 0] },
	{ name: 'slow-clicks', shape: 'clicks', hz: [4, 7] },
	{ name: 'fast-clicks', shape: 'clicks', hz: [12, 20] }
];

/** Recorders' rates: the app resamples each to 16 kHz. */
const RATES = [16000, 22050, 44100, 48000];

export interface SynthFile {
	className: string;
	name: string;
	bytes: Uint8Array;
}

/** The class names, in order. */
export const SOUND_CLASSES = CLASSES.map((c) => c.name);

/**
 * `perClass` one-second WAV files of each class: the sound at a random place, length, loudness and
 * pitch within its class's range, over a random amount of background noise, at a random recorder rate.
 */
export function soundSet(perClass: number, seed = 1): SynthFile[] {
	const random = seededRandom(seed);
	const between = (a: number, b: number) => a + random() * (b - a);
	return CLASSES.flatMap((c) =>
		Array.from({ length: perClass }, (_, i) => {
			const rate = RATES[Math.floor(random() * RATES.length)]!;
			const length = between(0.3, 0.8);
			const from = between(0, 1 - length);
			const samples = synthesize({ shape: c.shape, hz: between(...c.hz), rate, from, to: from + length, amplitude: between(0.1, 0.6), noise: between(0.003, 0.03) }, random);
			return { className: c.name, name: `${c.name}-${i + 1}.wav`, bytes: encodeWav({ samples, rate }) };
		})
	);
}

/**
 * `perClass` clips of a whistle and of clicks as a sound project stores them (a 16 kHz WAV and the
 * spectrogram the model reads), for filling a project straight into IndexedDB (seed.mjs).
 */
export function storedClips(perClass: number, seed = 3): { whistle: StoredClip[]; clicks: StoredClip[] } {
	const random = seededRandom(seed);
	const clip = (kind: 'whistle' | 'clicks'): StoredClip => {
		const samples = kind === 'whistle'
			? synthesize({ shape: 'tone', hz: 1800 + random() * 600, amplitude: 0.2 + random() * 0.4, noise: 0.01, from: random() * 0.3, to: 0.7 + random() * 0.3 }, random)
			: synthesize({ shape: 'clicks', hz: 6 + random() * 10, amplitude: 0.3 + random() * 0.4, noise: 0.01 }, random);
		return { wav: encodeWav({ samples, rate: SOUND_RATE }), input: spectrogramInput(samples), peaks: peaksOf(samples) };
	};
	return { whistle: Array.from({ length: perClass }, () => clip('whistle')), clicks: Array.from({ length: perClass }, () => clip('clicks')) };
}

export interface StoredClip {
	wav: Uint8Array;
	input: Uint8Array;
	/** Each of 144 columns' lowest and highest sample, to draw the waveform thumbnail from. */
	peaks: number[];
}

function peaksOf(samples: Float32Array, columns = 144): number[] {
	const per = samples.length / columns;
	return Array.from({ length: columns }, (_, x) => {
		let [low, high] = [0, 0];
		for (let i = Math.floor(x * per); i < Math.floor((x + 1) * per); i++) [low, high] = [Math.min(low, samples[i]!), Math.max(high, samples[i]!)];
		return [low, high];
	}).flat();
}
