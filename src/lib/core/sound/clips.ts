import { InputError } from '../data/input-error';
import type { Pcm } from './wav';

/** Every stored clip is at this rate: enough for speech, claps and birdsong, a third of CD's cost. */
export const SOUND_RATE = 16000;
export const DEFAULT_CLIP_SECONDS = 1;
export const CLIP_SECONDS_CHOICES = [0.5, 1, 2, 3] as const;
/** The longest file taken: ten minutes is 600 one-second clips. */
export const MAX_SOUND_SECONDS = 600;
/** A clip whose loudest sample is below this (-60 dB full scale) is silence: nothing to learn from. */
export const SILENT_PEAK = 0.001;

function peak(samples: Float32Array, from = 0, to = samples.length): number {
	let max = 0;
	for (let i = from; i < to; i++) max = Math.max(max, Math.abs(samples[i]!));
	return max;
}

/** Refuses what no clip can come from: no rate, over ten minutes, nothing but silence. */
export function checkSound({ samples, rate }: Pcm, name: string): void {
	if (!(rate > 0)) throw new InputError(`“${name}” says its sample rate is 0: it cannot be played.`);
	if (samples.length === 0) throw new InputError(`“${name}” has no audio in it: it is empty or truncated.`);
	const seconds = samples.length / rate;
	if (seconds > MAX_SOUND_SECONDS) throw new InputError(`“${name}” lasts ${Math.round(seconds / 60)} minutes: the longest file taken is ${MAX_SOUND_SECONDS / 60} minutes. Cut it into parts.`);
	if (peak(samples) < SILENT_PEAK) throw new InputError(`“${name}” is silent: nothing in it is louder than -60 dB.`);
}

function padded(samples: Float32Array, from: number, length: number): Float32Array {
	const clip = new Float32Array(length);
	clip.set(samples.subarray(from, Math.min(samples.length, from + length)));
	return clip;
}

/** Where the window of `length` with the most energy starts, in steps of an eighth of it. */
function loudestStart(samples: Float32Array, length: number): number {
	const step = Math.max(1, Math.floor(length / 8));
	let best = 0;
	let bestEnergy = -1;
	for (let from = 0; from + length <= samples.length; from += step) {
		let energy = 0;
		for (let i = from; i < from + length; i++) energy += samples[i]! * samples[i]!;
		if (energy > bestEnergy) [best, bestEnergy] = [from, energy];
	}
	return best;
}

/**
 * Cuts a sound (at SOUND_RATE) into clips of `clipSeconds`. A sound up to half as long again as a clip
 * is one clip: its loudest stretch, or all of it padded with silence. A longer one (a take, a long
 * recording) is cut end to end; a last piece under half a clip and silent pieces are left out.
 */
export function cutClips(samples: Float32Array, clipSeconds: number, name: string): Float32Array[] {
	const length = Math.round(clipSeconds * SOUND_RATE);
	if (samples.length <= length * 1.5) {
		const from = samples.length > length ? loudestStart(samples, length) : 0;
		return [padded(samples, from, length)];
	}
	const clips: Float32Array[] = [];
	for (let from = 0; from + length / 2 <= samples.length; from += length) {
		if (peak(samples, from, Math.min(samples.length, from + length)) >= SILENT_PEAK) clips.push(padded(samples, from, length));
	}
	if (clips.length === 0) throw new InputError(`“${name}” is silent: nothing in it is louder than -60 dB.`);
	return clips;
}
