/** Taps each side of a resampled point, at the lower of the two rates: more cost, less aliasing. */
const HALF_TAPS = 16;

/** The Blackman window at d in -1..1: it tapers the sinc so that cutting it off adds little ripple. */
function blackman(d: number): number {
	return 0.42 + 0.5 * Math.cos(Math.PI * d) + 0.08 * Math.cos(2 * Math.PI * d);
}

function sinc(x: number): number {
	return x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
}

/**
 * Band-limited resampling with a windowed-sinc kernel. Going down, the kernel is the low-pass filter
 * at the new Nyquist frequency, so what the new rate cannot hold is removed instead of folding back
 * as aliases (a naive pick of every n-th sample turns a 10 kHz whistle into a 6 kHz one at 16 kHz).
 * The output lasts as long as the input: round(length × to / from) samples.
 */
export function resample(input: Float32Array, from: number, to: number): Float32Array {
	if (from === to) return input;
	const ratio = to / from;
	const length = Math.max(1, Math.round(input.length * ratio));
	const cutoff = Math.min(1, ratio) * 0.95;
	const half = Math.ceil(HALF_TAPS / Math.min(1, ratio));
	const out = new Float32Array(length);
	for (let i = 0; i < length; i++) {
		const t = i / ratio;
		const centre = Math.floor(t);
		let sum = 0;
		let weights = 0;
		for (let j = Math.max(0, centre - half + 1); j <= Math.min(input.length - 1, centre + half); j++) {
			const d = t - j;
			const w = cutoff * sinc(cutoff * d) * blackman(d / half);
			sum += w * input[j]!;
			weights += w;
		}
		// Normalising keeps a constant constant at the ends too, where part of the kernel falls off the input.
		out[i] = weights === 0 ? 0 : sum / weights;
	}
	return out;
}
