import type { LiveResult } from '$lib/core/session/types';
import { encodeWav } from '$lib/core/sound/wav';
import { appErrors } from './errors.svelte';
import type { Microphone } from './microphone.svelte';

/** How often a window is classified at most: windows overlap by all but this much. */
export const HOP_MS = 250;

/** What the learner says about one window: as live mode's result, with the spectrogram it saw. */
export type HeardResult = LiveResult & { input: Uint8Array };

/**
 * Listening live: the microphone's last clip-length of sound, classified every HOP_MS (one window in
 * flight at a time, so a slow device skips windows instead of falling behind). The spectrogram is made
 * in the learner worker. Listening stops when the tab is hidden, and says so.
 */
export class LiveListener {
	result = $state.raw<HeardResult | null>(null);
	running = $state(false);
	/** Windows classified in the last second. */
	rate = $state(0);
	/** The last window's delay, from its newest sound reaching the page to its label: ms. */
	delayMs = $state(0);
	private ring = new Float32Array(0);
	private filled = 0;
	private lastBlockAt = 0;
	private stopListening: (() => void) | null = null;
	private timer: ReturnType<typeof setInterval> | undefined;
	private inFlight = false;
	private done: number[] = [];

	constructor(
		private readonly mic: Microphone,
		private readonly classify: (pcm: Float32Array, rate: number) => Promise<HeardResult | null>,
		private readonly clipSeconds: () => number
	) {}

	async start(): Promise<void> {
		if (this.running) return;
		appErrors.clear();
		try {
			await this.mic.start();
		} catch (error) {
			appErrors.show(error);
			return;
		}
		[this.ring, this.filled, this.running, this.result] = [new Float32Array(Math.round(this.clipSeconds() * this.mic.rate)), 0, true, null];
		this.stopListening = this.mic.listen(
			(block) => this.heard(block),
			() => this.stop('Live listening stopped: the microphone went away (was it unplugged?).')
		);
		this.timer = setInterval(() => void this.tick(), HOP_MS);
		document.addEventListener('visibilitychange', this.onVisibility);
	}

	stop(why?: string): void {
		if (!this.running) return;
		clearInterval(this.timer);
		document.removeEventListener('visibilitychange', this.onVisibility);
		this.stopListening?.();
		[this.stopListening, this.running, this.rate] = [null, false, 0];
		if (why) appErrors.say(why);
	}

	/** The last window as a WAV at the microphone's rate, to keep as a sample; null before a window's worth was heard. */
	lastClip(): Blob | null {
		if (this.filled < this.ring.length || this.ring.length === 0) return null;
		return new Blob([encodeWav({ samples: this.ring.slice(), rate: this.mic.rate }) as Uint8Array<ArrayBuffer>], { type: 'audio/wav' });
	}

	private readonly onVisibility = () => {
		if (document.hidden) this.stop('Live listening stopped while the tab was hidden. Start it again to go on.');
	};

	private heard(block: Float32Array): void {
		// The ring holds the newest clip-length of sound, oldest first.
		const keep = this.ring.length - block.length;
		if (keep > 0) {
			this.ring.copyWithin(0, block.length);
			this.ring.set(block, keep);
		} else this.ring.set(block.subarray(block.length - this.ring.length));
		this.filled = Math.min(this.ring.length, this.filled + block.length);
		this.lastBlockAt = performance.now();
	}

	private async tick(): Promise<void> {
		if (this.inFlight || this.filled < this.ring.length) return;
		this.inFlight = true;
		const heardAt = this.lastBlockAt;
		try {
			const result = await this.classify(this.ring.slice(), this.mic.rate);
			if (!this.running) return;
			const now = performance.now();
			[this.result, this.delayMs] = [result, Math.round(now - heardAt)];
			this.done = [...this.done.filter((t) => now - t < 1000), now];
			this.rate = this.done.length;
		} catch (error) {
			this.stop(`Live listening stopped: ${error instanceof Error ? error.message : String(error)}`);
		} finally {
			this.inFlight = false;
		}
	}
}
