import { SOUND_RATE } from './clips';

/**
 * Sounds made from formulas, for tests, benches and the demo: no recording is downloaded. Each takes
 * a random source, so a class's clips differ from one another (pitch, timing, loudness, noise).
 */
export type SoundShape = 'tone' | 'chirp' | 'noise' | 'clicks';

export interface SynthOptions {
	shape: SoundShape;
	/** Tone and chirp: the start frequency; clicks: the clicks per second. */
	hz: number;
	seconds?: number;
	rate?: number;
	amplitude?: number;
	/** Background noise added, as an amplitude. */
	noise?: number;
	/** Where the sound starts and ends, as fractions of the clip (the rest is quiet). */
	from?: number;
	to?: number;
}

export function synthesize(o: SynthOptions, random: () => number = Math.random): Float32Array {
	const rate = o.rate ?? SOUND_RATE;
	const n = Math.round((o.seconds ?? 1) * rate);
	const amplitude = o.amplitude ?? 0.5;
	const [from, to] = [Math.round((o.from ?? 0) * n), Math.round((o.to ?? 1) * n)];
	const out = new Float32Array(n);
	let phase = 0;
	for (let i = 0; i < n; i++) {
		out[i] = (o.noise ?? 0) * (random() * 2 - 1);
		if (i < from || i >= to) continue;
		const t = (i - from) / rate;
		// A short fade in and out, so the clip has no click at its edges unless it is a click.
		const fade = Math.min(1, (i - from) / (0.005 * rate), (to - i) / (0.005 * rate));
		if (o.shape === 'tone') out[i]! += fade * amplitude * Math.sin((2 * Math.PI * o.hz * (i - from)) / rate);
		else if (o.shape === 'chirp') {
			phase += (2 * Math.PI * o.hz * (1 + (3 * (i - from)) / Math.max(1, to - from))) / rate;
			out[i]! += fade * amplitude * Math.sin(phase);
		} else if (o.shape === 'noise') out[i]! += fade * amplitude * (random() * 2 - 1);
		else {
			const since = t % (1 / o.hz);
			out[i]! += since < 0.004 ? amplitude * (random() * 2 - 1) : 0;
		}
	}
	return out;
}
