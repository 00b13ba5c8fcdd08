import { describe, expect, it } from 'vitest';
import { FRAMES, MEL_BANDS, logMel, melCentres, rowOfHz, spectrogramInput } from '$lib/core/sound/log-mel';
import { synthesize } from '$lib/core/sound/synth';

function loudestRow(db: Float32Array): number {
	const rows = Array.from({ length: MEL_BANDS }, (_, r) => db.slice(r * FRAMES, (r + 1) * FRAMES).reduce((a, b) => a + b, 0));
	return rows.indexOf(Math.max(...rows));
}

describe('log-mel spectrogram', () => {
	it('puts a pure tone’s energy in the band of its pitch, highest bands at the top', () => {
		for (const hz of [250, 1000, 3000, 6000]) {
			const sut = logMel(synthesize({ shape: 'tone', hz, amplitude: 0.8 }));
			expect(loudestRow(sut)).toBe(rowOfHz(hz));
		}
		expect(rowOfHz(6000)).toBeLessThan(rowOfHz(250));
		expect(melCentres()[0]).toBeGreaterThan(60);
	});

	it('reads a full-scale sine near 0 dB and silence at the floor, on a fixed scale', () => {
		const loud = logMel(synthesize({ shape: 'tone', hz: 1000, amplitude: 1 }));
		expect(Math.max(...loud)).toBeGreaterThan(-3);
		const quiet = logMel(synthesize({ shape: 'tone', hz: 1000, amplitude: 0.01 }));
		expect(Math.max(...quiet)).toBeLessThan(Math.max(...loud) - 35);
		expect(Math.max(...spectrogramInput(new Float32Array(16000)))).toBe(0);
	});

	it('shows when a sound happens: a tone in the second half lights only the right-hand columns', () => {
		const sut = spectrogramInput(synthesize({ shape: 'tone', hz: 1000, from: 0.5 }));
		const row = rowOfHz(1000);
		const at = (t: number) => sut[row * FRAMES + t]!;
		expect(at(5)).toBe(0);
		expect(at(25)).toBeGreaterThan(150);
	});
});
