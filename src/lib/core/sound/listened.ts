import { FRAMES, MEL_BANDS, frameSpan } from './log-mel';

/** How loud the parts the model did not listen to stay: faded, not cut, so the clip still makes sense. */
export const FADED_GAIN = 0.1;

/**
 * "Play the part it listened to": a gain for every sample of the clip from a saliency map over its
 * spectrogram. Each moment (column) scores its strongest band; scores are relative to the clip's
 * strongest moment; a moment under a quarter of it is faded to FADED_GAIN, over three quarters plays
 * in full, and in between it ramps. Gains run smoothly from one frame's centre to the next.
 */
export function listenedGains(map: Float32Array, clipLength: number): Float32Array {
	const scores = Array.from({ length: FRAMES }, (_, t) => {
		let best = 0;
		for (let r = 0; r < MEL_BANDS; r++) best = Math.max(best, map[r * FRAMES + t] ?? 0);
		return best;
	});
	const top = Math.max(...scores);
	const columnGain = scores.map((s) => {
		const x = top > 0 ? Math.min(1, Math.max(0, (s / top - 0.25) / 0.5)) : 1;
		return FADED_GAIN + (1 - FADED_GAIN) * x;
	});
	const centres = columnGain.map((_, t) => {
		const [start, end] = frameSpan(t, clipLength);
		return (start + end) / 2;
	});
	const gains = new Float32Array(clipLength);
	let t = 0;
	for (let i = 0; i < clipLength; i++) {
		while (t < FRAMES - 1 && centres[t + 1]! <= i) t++;
		const [from, to] = [centres[t]!, centres[Math.min(FRAMES - 1, t + 1)]!];
		const k = to > from ? Math.min(1, Math.max(0, (i - from) / (to - from))) : 0;
		gains[i] = columnGain[t]! * (1 - k) + columnGain[Math.min(FRAMES - 1, t + 1)]! * k;
	}
	return gains;
}
