import { describe, expect, it } from 'vitest';
import { FADED_GAIN, listenedGains } from '$lib/core/sound/listened';
import { FRAMES, MEL_BANDS } from '$lib/core/sound/log-mel';

describe('listenedGains', () => {
	it('fades the moments the map scores low and plays the ones it scores high in full', () => {
		const map = new Float32Array(MEL_BANDS * FRAMES);
		for (let r = 0; r < MEL_BANDS; r++) for (let t = FRAMES / 2; t < FRAMES; t++) map[r * FRAMES + t] = r === 10 ? 1 : 0.05;
		const sut = listenedGains(map, 16000);
		expect(sut).toHaveLength(16000);
		expect(sut[1000]).toBeCloseTo(FADED_GAIN, 5);
		expect(sut[6000]).toBeCloseTo(FADED_GAIN, 5);
		expect(sut[12000]).toBeCloseTo(1, 5);
		expect(sut[15999]).toBeCloseTo(1, 5);
	});

	it('plays everything in full when the map is empty', () => {
		expect(Math.min(...listenedGains(new Float32Array(MEL_BANDS * FRAMES), 800))).toBe(1);
	});
});
