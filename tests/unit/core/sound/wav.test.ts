import { describe, expect, it } from 'vitest';
import { cutClips, checkSound, SOUND_RATE } from '$lib/core/sound/clips';
import { resample } from '$lib/core/sound/resample';
import { synthesize } from '$lib/core/sound/synth';
import { encodeWav, parseWav } from '$lib/core/sound/wav';

/** A WAV file's bytes as a recorder writes them: interleaved channels, little-endian. */
function wavOf(channels: Float32Array[], rate: number, bits: 8 | 16 | 24 | 32, float = false): Uint8Array {
	const width = bits / 8;
	const frames = channels[0]!.length;
	const bytes = new Uint8Array(44 + frames * width * channels.length);
	const view = new DataView(bytes.buffer);
	const put = (at: number, s: string) => [...s].forEach((ch, i) => (bytes[at + i] = ch.charCodeAt(0)));
	put(0, 'RIFF'); view.setUint32(4, bytes.length - 8, true); put(8, 'WAVE'); put(12, 'fmt ');
	view.setUint32(16, 16, true); view.setUint16(20, float ? 3 : 1, true); view.setUint16(22, channels.length, true);
	view.setUint32(24, rate, true); view.setUint32(28, rate * width * channels.length, true); view.setUint16(32, width * channels.length, true);
	view.setUint16(34, bits, true); put(36, 'data'); view.setUint32(40, frames * width * channels.length, true);
	for (let i = 0; i < frames; i++) channels.forEach((ch, c) => {
		const at = 44 + (i * channels.length + c) * width;
		const v = ch[i]!;
		if (float) view.setFloat32(at, v, true);
		else if (bits === 8) view.setUint8(at, Math.round(v * 127 + 128));
		else if (bits === 16) view.setInt16(at, Math.round(v * 32767), true);
		else if (bits === 24) { const x = Math.round(v * 8388607); view.setUint8(at, x & 255); view.setUint8(at + 1, (x >> 8) & 255); view.setInt8(at + 2, x >> 16); }
		else view.setInt32(at, Math.round(v * 2147483647), true);
	});
	return bytes;
}

describe('parseWav', () => {
	it('reads every PCM width and float, and averages stereo to mono', () => {
		const left = synthesize({ shape: 'tone', hz: 440, seconds: 0.1, rate: 8000 });
		const right = new Float32Array(left.length).fill(0.25);
		for (const [bits, float] of [[8, false], [16, false], [24, false], [32, false], [32, true]] as const) {
			const sut = parseWav(wavOf([left, right], 8000, bits, float), 'a.wav');
			expect(sut.rate).toBe(8000);
			expect(sut.samples.length).toBe(800);
			const tolerance = bits === 8 ? 0.01 : 1e-3;
			for (const i of [0, 13, 400, 799]) expect(Math.abs(sut.samples[i]! - (left[i]! + 0.25) / 2)).toBeLessThan(tolerance);
		}
	});

	it('round-trips its own 16-bit encoding', () => {
		const samples = synthesize({ shape: 'chirp', hz: 300, seconds: 0.2 });
		const sut = parseWav(encodeWav({ samples, rate: SOUND_RATE }), 'b.wav');
		expect(sut.samples.length).toBe(samples.length);
		expect(Math.max(...sut.samples.map((s, i) => Math.abs(s - samples[i]!)))).toBeLessThan(1e-4);
	});

	it('keeps the whole frames of a truncated file, and names a file with none, an empty one or one at 0 Hz', () => {
		const bytes = wavOf([new Float32Array(100).fill(0.5)], 8000, 16);
		expect(parseWav(bytes.subarray(0, 44 + 101), 't.wav').samples.length).toBe(50);
		expect(() => parseWav(bytes.subarray(0, 44), 'cut.wav')).toThrow(/“cut.wav” has no audio/);
		expect(() => parseWav(new Uint8Array(0), 'e.wav')).toThrow(/“e.wav” is empty/);
		const zero = bytes.slice();
		new DataView(zero.buffer).setUint32(24, 0, true);
		expect(() => parseWav(zero, 'z.wav')).toThrow(/“z.wav” says its sample rate is 0/);
		expect(() => parseWav(new TextEncoder().encode('hello, not a sound'), 'n.txt')).toThrow(/“n.txt” is not a WAV file/);
	});
});

describe('resample', () => {
	it('keeps the duration and the pitch, and removes what the new rate cannot hold', () => {
		const tone = synthesize({ shape: 'tone', hz: 1000, seconds: 0.5, rate: 44100 });
		const sut = resample(tone, 44100, SOUND_RATE);
		expect(sut.length).toBe(8000);
		// 1 kHz at 16 kHz: a period of 16 samples, so a sample and the one 8 later are opposite.
		for (const i of [1000, 2001, 4003]) expect(sut[i]! + sut[i + 8]!).toBeCloseTo(0, 1);
		const whistle = synthesize({ shape: 'tone', hz: 10000, seconds: 0.5, rate: 44100 });
		const rms = (x: Float32Array) => Math.sqrt(x.slice(500, -500).reduce((a, v) => a + v * v, 0) / (x.length - 1000));
		expect(rms(resample(whistle, 44100, SOUND_RATE))).toBeLessThan(0.02 * rms(whistle));
		expect(resample(tone, 8000, 16000).length).toBe(tone.length * 2);
	});
});

describe('clips', () => {
	it('pads a short sound to one clip, cuts a long one end to end and leaves silent stretches out', () => {
		expect(cutClips(new Float32Array(4000).fill(0.1), 1, 's').map((c) => c.length)).toEqual([16000]);
		const long = synthesize({ shape: 'tone', hz: 500, seconds: 4.6 });
		long.fill(0, 16000, 32000);
		const sut = cutClips(long, 1, 'take');
		expect(sut).toHaveLength(4);
		expect(sut.every((c) => c.length === 16000)).toBe(true);
	});

	it('refuses silence, no rate and over ten minutes, naming the file', () => {
		expect(() => checkSound({ samples: new Float32Array(16000), rate: SOUND_RATE }, 'quiet.wav')).toThrow(/“quiet.wav” is silent/);
		expect(() => checkSound({ samples: new Float32Array(10).fill(0.5), rate: 0 }, 'r.wav')).toThrow(/“r.wav”.*rate is 0/);
		expect(() => checkSound({ samples: new Float32Array(601 * 100).fill(0.5), rate: 100 }, 'long.wav')).toThrow(/“long.wav” lasts 10 minutes/);
	});
});
