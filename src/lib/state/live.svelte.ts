import { centerSquare, INPUT_SIZE, toGrayInput } from '$lib/core/data/image-file';
import type { LiveResult } from '$lib/core/session/types';
import { appErrors } from './errors.svelte';

/** The side of the frame sent along when the model runs on an imported extractor (it resizes from there). */
const FRAME_SIDE = 256;

/**
 * Live mode: classifies the camera's frames one after another, one in flight at a time, so the worker
 * is never flooded and the page never waits. A 32x32 copy of each frame goes to the learner, and the
 * centre square of the frame too when the model runs on an imported extractor.
 */
export class LiveClassifier {
	result = $state<LiveResult | null>(null);
	input = $state<Uint8Array | undefined>(undefined);
	fps = $state(0);
	running = $state(false);
	private frames: number[] = [];
	private readonly canvas = new OffscreenCanvas(INPUT_SIZE, INPUT_SIZE);

	constructor(
		private readonly classify: (input: Uint8Array, frame?: ImageBitmap) => Promise<LiveResult | null>,
		private readonly wantsFrames: () => boolean = () => false
	) {}

	start(video: HTMLVideoElement): void {
		if (this.running) return;
		this.running = true;
		void this.loop(video);
	}

	stop(): void {
		this.running = false;
	}

	private async loop(video: HTMLVideoElement): Promise<void> {
		const ctx = this.canvas.getContext('2d', { willReadFrequently: true })!;
		let reported = '';
		while (this.running) {
			// A frame exists only from HAVE_CURRENT_DATA on; before that a frame grab throws.
			if (video.videoWidth > 0 && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
				try {
					await this.classifyFrame(video, ctx);
				} catch (error) {
					// One bad frame must not end live mode. A frame not decoded yet is no news; anything else
					// is said once, and live mode keeps going.
					const message = error instanceof Error ? error.message : String(error);
					const notReady = (error as { name?: string }).name === 'InvalidStateError';
					if (!notReady && message !== reported) appErrors.say(`Live mode could not classify a frame: ${(reported = message)}`);
				}
			}
			await new Promise((resolve) => requestAnimationFrame(resolve));
		}
	}

	private async classifyFrame(video: HTMLVideoElement, ctx: OffscreenCanvasRenderingContext2D): Promise<void> {
		const { x, y, size } = centerSquare(video.videoWidth, video.videoHeight);
		ctx.drawImage(video, x, y, size, size, 0, 0, INPUT_SIZE, INPUT_SIZE);
		const input = toGrayInput(ctx.getImageData(0, 0, INPUT_SIZE, INPUT_SIZE).data, INPUT_SIZE, INPUT_SIZE);
		const frame = this.wantsFrames()
			? await createImageBitmap(video, x, y, size, size, { resizeWidth: FRAME_SIDE, resizeHeight: FRAME_SIDE })
			: undefined;
		const result = await this.classify(input, frame);
		if (!this.running) return;
		[this.result, this.input] = [result, input];
		this.count();
	}

	private count(): void {
		const now = performance.now();
		this.frames = [...this.frames.filter((t) => now - t < 1000), now];
		this.fps = this.frames.length;
	}
}
