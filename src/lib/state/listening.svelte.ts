import type { LiveResult } from '$lib/core/session/types';
import { encodeWav } from '$lib/core/sound/wav';
import { appErrors } from './errors.svelte';
import type { Microphone } from './microphone.svelte';

/**
 * How often a window is classified at most: windows overlap by all but this much. From 250 ms to 125 ms
 * a whistle was named sooner after it began (live --kind sound, median: WASM 562 to 439 ms, WebGL 619
 * to 500 ms); a backend too slow for it classifies as often as it can (one window in flight at a time).
 */
export const HOP_MS = 125;
/** A block this loud (peak) after QUIET_MS of quieter ones is a sound starting: where "how long until its label" is timed from. */
const ONSET_PEAK = 0.05;
const QUIET_MS = 300;

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
	/** Below this confidence, or on the background class, nothing is said. */
	threshold = $state(0.6);
	/** From the last sound's start (after a quiet spell) to the first label said for it: ms; null before any. */
	onsetDelayMs = $state<number | null>(null);
	/** How many sounds have been named so far (each one's delay is onsetDelayMs when it is named). */
	onsets = $state(0);
	private onsetAt: number | null = null;
	private loudAt = -Infinity;
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
		private readonly clipSeconds: () => number,
		private readonly isBackground: (classId: string) => boolean = () => false
	) {}

	/** Whether the last result is worth saying: sure enough, and not the room's background. */
	get quiet(): boolean {
		const top = this.result?.ranked[0];
		return !top || top.p < this.threshold || this.isBackground(top.classId);
	}

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
		const now = performance.now();
		this.lastBlockAt = now;
		let peak = 0;
		for (let i = 0; i < block.length; i++) peak = Math.max(peak, Math.abs(block[i]!));
		if (peak >= ONSET_PEAK) {
			if (now - this.loudAt > QUIET_MS) this.onsetAt = now;
			this.loudAt = now;
		}
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
			if (this.onsetAt !== null && !this.quiet) [this.onsetDelayMs, this.onsetAt, this.onsets] = [Math.round(now - this.onsetAt), null, this.onsets + 1];
			this.done = [...this.done.filter((t) => now - t < 1000), now];
			this.rate = this.done.length;
		} catch (error) {
			this.stop(`Live listening stopped: ${error instanceof Error ? error.message : String(error)}`);
		} finally {
			this.inFlight = false;
		}
	}
}
