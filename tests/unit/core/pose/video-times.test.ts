import { describe, expect, it } from 'vitest';
import { videoClock, videoFrameTimes } from '$lib/core/pose/video-times';

describe('videoFrameTimes', () => {
	it('reads a pose every interval while a frame is left, the start included', () => {
		expect(videoFrameTimes(3.13, 1)).toEqual([0, 1, 2, 3]);
		expect(videoFrameTimes(1.9, 1)).toEqual([0, 1]);
		expect(videoFrameTimes(3, 1)).toEqual([0, 1, 2]); // 3.0 is the end: no frame is shown there
		expect(videoFrameTimes(2.2, 0.5)).toEqual([0, 0.5, 1, 1.5, 2]);
	});

	it('a clip shorter than one interval still gives its first frame', () => {
		expect(videoFrameTimes(0.4, 2)).toEqual([0]);
		expect(videoFrameTimes(0.01, 1)).toEqual([0]);
	});

	it('an unknown length gives the first frame only, never a runaway list', () => {
		expect(videoFrameTimes(Number.POSITIVE_INFINITY, 1)).toEqual([0]);
		expect(videoFrameTimes(Number.NaN, 1)).toEqual([0]);
		expect(videoFrameTimes(5, 0)).toEqual([0]);
	});
});

describe('videoClock', () => {
	it('names moments as a video player does, to the tenth', () => {
		expect([0, 3, 67, 1.5, 59.96, 2.04].map(videoClock)).toEqual(['0:00', '0:03', '1:07', '0:01.5', '1:00', '0:02']);
	});
});
