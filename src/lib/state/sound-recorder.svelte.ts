import { MAX_SOUND_SECONDS } from '$lib/core/sound/clips';
import { encodeWav } from '$lib/core/sound/wav';
import { appErrors } from './errors.svelte';
import { joined, type Microphone } from './microphone.svelte';

/** The class a background recording goes to, made if the project has none by that name. */
export const BACKGROUND_CLASS = 'Background noise';
/** How long the background recording lasts: ten clips' worth of the room at one second. */
export const BACKGROUND_SECONDS = 10;

/** Stores a recording (a WAV at the microphone's rate) into a class by name, or unlabelled; says how many clips it made. */
export type StoreRecording = (wav: Blob, name: string, className: string | null) => Promise<number>;

/**
 * Recording from the microphone: held (while the button or key is held, and for one clip at least,
 * so a tap records one clip; a long hold is cut into clips), or the room's background for
 * BACKGROUND_SECONDS into its own class.
 * If the microphone goes away mid-recording, what was recorded so far is stored, and the user told.
 */
export class SoundRecorder {
	recording = $state<'hold' | 'background' | null>(null);
	/** Seconds recorded so far in this recording. */
	seconds = $state(0);
	private blocks: Float32Array[] = [];
	private stopListening: (() => void) | null = null;
	private className: string | null = null;
	/** Ends the wait of a background recording early (it ended another way). */
	private wake: (() => void) | null = null;
	/** Samples recorded so far, counted whole: seconds summed block by block drift below a round figure. */
	private frames = 0;
	/** A held recording lasts at least this long. */
	private minSeconds = 0;
	/** Released: the recording ends as soon as it holds this many seconds. */
	private endAt: number | null = null;

	constructor(
		private readonly mic: Microphone,
		private readonly store: StoreRecording
	) {}

	/** Starts recording into `className` (null: unlabelled) until release(), and for `minSeconds` at least. */
	async hold(className: string | null, minSeconds: number): Promise<void> {
		await this.begin('hold', className, minSeconds);
	}

	/** Ends a held recording now, or once it is `minSeconds` long. */
	async release(): Promise<void> {
		if (this.recording !== 'hold') return;
		if (this.seconds >= this.minSeconds) await this.finish();
		else this.endAt = this.minSeconds;
	}

	/** Records the room for BACKGROUND_SECONDS into BACKGROUND_CLASS. */
	async background(): Promise<void> {
		if (!(await this.begin('background', BACKGROUND_CLASS))) return;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, BACKGROUND_SECONDS * 1000);
			this.wake = () => (clearTimeout(timer), resolve());
		});
		if (this.recording === 'background') await this.finish();
	}

	private async begin(what: 'hold' | 'background', className: string | null, minSeconds = 0): Promise<boolean> {
		if (this.recording) return false;
		appErrors.clear();
		[this.recording, this.className, this.blocks, this.seconds, this.frames, this.minSeconds, this.endAt] = [what, className, [], 0, 0, minSeconds, null];
		try {
			await this.mic.start();
		} catch (error) {
			this.recording = null;
			appErrors.show(error);
			return false;
		}
		this.stopListening = this.mic.listen(
			(block) => {
				this.blocks.push(block);
				this.frames += block.length;
				this.seconds = this.frames / this.mic.rate;
				// Released and long enough, or as long as one file may be: stored, never refused for its length.
				if ((this.endAt !== null && this.seconds >= this.endAt) || this.seconds >= MAX_SOUND_SECONDS) {
					this.endAt = null;
					void this.finish();
				}
			},
			() => void this.finish('The microphone stopped while recording (was it unplugged?)')
		);
		return true;
	}

	/** Stores what was recorded. `cut` says why it ended early, if it did. */
	private async finish(cut?: string): Promise<void> {
		this.wake?.();
		this.wake = null;
		const [blocks, rate, className, seconds] = [this.blocks, this.mic.rate, this.className, this.seconds];
		this.stopListening?.();
		[this.stopListening, this.blocks, this.recording] = [null, [], null];
		if (blocks.length === 0) {
			if (cut) appErrors.say(`${cut}: nothing had been recorded yet.`);
			return;
		}
		const wav = new Blob([encodeWav({ samples: joined(blocks), rate }) as Uint8Array<ArrayBuffer>], { type: 'audio/wav' });
		const name = `${className === null ? 'Recording' : className} ${new Date().toLocaleTimeString('en-GB')}`;
		const clips = await this.store(wav, name, className);
		if (cut) appErrors.say(`${cut}: the ${seconds.toFixed(1)} s recorded so far ${clips ? `were kept as ${clips} clip${clips === 1 ? '' : 's'}` : 'held no sound to keep'}.`);
	}
}
