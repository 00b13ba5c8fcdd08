import { pickBody } from '$lib/core/pose/bodies';
import type { PoseFrame } from '$lib/core/pose/normalise';
import type { LiveResult } from '$lib/core/session/types';
import type { LandmarkModel } from '$lib/core/types';
import { appErrors } from '../errors.svelte';
import { WebcamState } from '../webcam.svelte';
import { landmarks } from './landmarks';

/** A frame the landmark model takes longer than this over leaves the page a pause after it. */
const SLOW_FRAME_MS = 50;
/** While the record button is held, a pose is kept this often. */
export const RECORD_EVERY_MS = 250;

/**
 * The camera in a pose project: while it is open, every frame's body is found (one frame in flight at
 * a time), drawn, and classified in the learner worker; the rate and the delay from frame to label
 * are counted. The body on screen can be kept as a sample at any moment (`g`, or the record button).
 */
export class PoseCamera {
	readonly camera = new WebcamState();
	running = $state(false);
	/** The body in the last frame, as found; null when none was. */
	body = $state.raw<PoseFrame | null>(null);
	/** Besides the body followed, how many more were in the frame. */
	others = $state(0);
	/** No body, or none worth reading, in the last frame. */
	missing = $state<'none' | 'hidden' | null>(null);
	result = $state.raw<LiveResult | null>(null);
	/** Frames read in the last second. */
	rate = $state(0);
	/** From the frame's capture to its label on screen, for the last frame (ms). */
	delayMs = $state(0);
	/** Of that, the landmark model's part (ms): the page's cost of reading a body. */
	landmarkMs = $state(0);
	/** Where the landmark model's network runs, once loaded. */
	inference = $state<'gpu' | 'cpu' | null>(null);
	private frames: number[] = [];
	private video: HTMLVideoElement | null = null;

	constructor(
		private readonly model: () => LandmarkModel,
		private readonly classify: (body: PoseFrame) => Promise<LiveResult | null>
	) {}

	async open(): Promise<void> {
		await this.camera.start();
		if (this.camera.error) appErrors.say(this.camera.error);
	}

	/** Starts reading the video's frames (once it shows). */
	start(video: HTMLVideoElement): void {
		this.video = video;
		if (this.running) return;
		this.running = true;
		void this.loop();
	}

	close(): void {
		this.running = false;
		this.camera.stop();
		[this.body, this.result, this.rate] = [null, null, 0];
	}

	/** The video's current frame, drawn, with the body in it: what a kept sample is made of. */
	snapshot(): { frame: HTMLCanvasElement; body: PoseFrame } | null {
		const [video, body] = [this.video, this.body];
		if (!video || !body || !video.videoWidth) return null;
		const frame = document.createElement('canvas');
		[frame.width, frame.height] = [video.videoWidth, video.videoHeight];
		frame.getContext('2d')!.drawImage(video, 0, 0);
		return { frame, body };
	}

	private async loop(): Promise<void> {
		try {
			while (this.running) {
				// Asked each frame (it is kept once loaded): a model chosen meanwhile takes over at once.
				const model = await landmarks(this.model());
				this.inference = model.inference;
				const video = this.video;
				if (video && video.videoWidth > 0 && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) await this.read(video, model);
				// The model runs on the page: where a frame costs it long (no GPU), half that is left to the page between frames, so it stays responsive.
				if (this.landmarkMs > SLOW_FRAME_MS) await new Promise((resolve) => setTimeout(resolve, this.landmarkMs / 2));
				await new Promise((resolve) => requestAnimationFrame(resolve));
			}
		} catch (error) {
			this.running = false;
			appErrors.show(error);
		}
	}

	private async read(video: HTMLVideoElement, model: Awaited<ReturnType<typeof landmarks>>): Promise<void> {
		const started = performance.now();
		const bodies = await model.detect(video, false);
		this.landmarkMs = Math.round(performance.now() - started);
		const pick = pickBody(bodies, video.videoWidth / video.videoHeight);
		if (!this.running) return;
		if (!pick.body) {
			[this.body, this.others, this.missing, this.result] = [null, 0, pick.reason, null];
		} else {
			const result = await this.classify(pick.body);
			if (!this.running) return;
			[this.body, this.others, this.missing, this.result] = [pick.body, pick.others, null, result];
		}
		this.delayMs = Math.round(performance.now() - started);
		const now = performance.now();
		this.frames = [...this.frames.filter((t) => now - t < 1000), now];
		this.rate = this.frames.length;
	}
}
