import { describe, expect, it } from 'vitest';
import { parseWav } from '$lib/core/sound/wav';
import { appErrors } from '$lib/state/errors.svelte';
import type { Microphone } from '$lib/state/microphone.svelte';
import { BACKGROUND_CLASS, SoundRecorder } from '$lib/state/sound-recorder.svelte';

const RATE = 8000;
const BLOCK = 800; // a tenth of a second

/** A microphone the test plays blocks into, and can unplug. */
function fakeMic() {
	let heard: ((block: Float32Array) => void) | null = null;
	let ended: (() => void) | null = null;
	const mic = {
		rate: RATE,
		open: false,
		start: async () => void (mic.open = true),
		listen(listener: (block: Float32Array) => void, onEnded?: () => void) {
			[heard, ended] = [listener, onEnded ?? null];
			return () => ([heard, ended, mic.open] = [null, null, false]);
		}
	};
	return {
		mic: mic as unknown as Microphone,
		play: (tenths: number) => { for (let i = 0; i < tenths; i++) heard?.(new Float32Array(BLOCK).fill(0.3)); },
		unplug: () => ended?.(),
		isOpen: () => mic.open
	};
}

/** Every recording stored: its class and how many seconds it holds. */
function storeInto(stored: { className: string | null; seconds: number }[]) {
	return async (wav: Blob, _name: string, className: string | null) => {
		const { samples, rate } = parseWav(new Uint8Array(await wav.arrayBuffer()), 'recording');
		stored.push({ className, seconds: samples.length / rate });
		return 1;
	};
}

describe('SoundRecorder', () => {
	it('a tap records one clip’s length; a hold records as long as it is held', async () => {
		const stored: { className: string | null; seconds: number }[] = [];
		const { mic, play, isOpen } = fakeMic();
		const sut = new SoundRecorder(mic, storeInto(stored));

		await sut.hold('clap', 1);
		play(2);
		await sut.release();
		expect(stored).toEqual([]); // released at 0.2 s: it goes on to one clip's length
		play(8);
		await Promise.resolve();
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(stored).toEqual([{ className: 'clap', seconds: 1 }]);
		expect(isOpen()).toBe(false);

		await sut.hold(null, 1);
		play(25);
		await sut.release();
		expect(stored.at(-1)).toEqual({ className: null, seconds: 2.5 });
	});

	it('an unplugged microphone keeps what was recorded and says so', async () => {
		const stored: { className: string | null; seconds: number }[] = [];
		const { mic, play, unplug } = fakeMic();
		const sut = new SoundRecorder(mic, storeInto(stored));

		await sut.hold('snap', 1);
		play(7);
		unplug();
		await new Promise((resolve) => setTimeout(resolve, 10));

		expect(stored).toEqual([{ className: 'snap', seconds: 0.7 }]);
		expect(appErrors.message).toMatch(/^The microphone stopped while recording \(was it unplugged\?\): the 0\.7 s recorded so far were kept as 1 clip\.$/);
		expect(sut.recording).toBeNull();
	});

	it('records the background into its own class', async () => {
		const stored: { className: string | null; seconds: number }[] = [];
		const { mic, play, unplug } = fakeMic();
		const sut = new SoundRecorder(mic, storeInto(stored));
		const done = sut.background();
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(sut.recording).toBe('background');
		play(30);
		unplug(); // ends it early, and the ten seconds' wait with it
		await done;
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(stored).toEqual([{ className: BACKGROUND_CLASS, seconds: 3 }]);
	});
});
