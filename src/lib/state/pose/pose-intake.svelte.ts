import { InputError } from '$lib/core/data/input-error';
import { noBodyMessage, pickBody } from '$lib/core/pose/bodies';
import { normalisePose, type PoseFrame } from '$lib/core/pose/normalise';
import { videoClock, videoFrameTimes } from '$lib/core/pose/video-times';
import type { PoseSettings, SampleSource } from '$lib/core/types';
import { addNamedSamples, type NewSample } from '$lib/storage/samples';
import { appErrors } from '../errors.svelte';
import type { PendingFile } from '../pending-file';
import { toasts } from '../toasts.svelte';
import { landmarks } from './landmarks';
import { aspectOf, posePicture, type FrameSource } from './pictures';

/** A photo is read at most this large: the landmark model works on 256 px anyway. */
const READ_SIDE = 1280;
/** Poses stored at once while a batch is read, so a long import is kept as it goes. */
const STORE_EVERY = 16;
/** A video longer than this is refused: a frame a second of an hour would be 3,600 samples. */
export const MAX_VIDEO_SECONDS = 600;
export const VIDEO_INTERVALS = [0.5, 1, 2, 5] as const;

type Found = NewSample & { className: string | null };
/** One frame to read, drawn, and what the human calls it ("squat.mp4 at 0:03"). */
type Frame = { canvas: HTMLCanvasElement; name: string };

/**
 * Poses from files: photos, and videos read one frame per chosen interval. The landmark model finds
 * the body in each frame on the page (state/pose/landmarks.ts); a frame without one is named in a
 * message and not stored, the rest are stored as they are read. A body is kept as its keypoints, its
 * normalised row and a picture: the frame, or a blurred copy unless the project keeps photos.
 */
export class PoseIntake {
	/** Frames read of those to read, while an import runs. */
	progress = $state<{ done: number; total: number } | null>(null);
	private stopped = false;

	constructor(
		private readonly projectId: string,
		private readonly settings: () => PoseSettings
	) {}

	get busy(): boolean {
		return this.progress !== null;
	}

	stop(): void {
		this.stopped = true;
	}

	/** Photos and videos (by type), each into its class (from its folder) or unlabelled. */
	async files(files: readonly PendingFile[], source: SampleSource, videoInterval = 1): Promise<number> {
		if (this.busy || files.length === 0) return 0;
		appErrors.clear();
		[this.stopped, this.progress] = [false, { done: 0, total: files.length }];
		const problems: string[] = [];
		let batch: Found[] = [];
		let stored = 0;
		const flush = async () => {
			if (batch.length) stored += (await addNamedSamples(this.projectId, batch, source)).length;
			batch = [];
		};
		try {
			const model = await landmarks(this.settings().landmarkModel);
			for (const pending of files) {
				if (this.stopped) break;
				try {
					const frames = pending.file.type.startsWith('video/') ? this.videoFrames(pending, videoInterval) : this.photoFrame(pending);
					for await (const { canvas, name } of frames) {
						const bodies = await model.detect(canvas, true);
						const pick = pickBody(bodies, aspectOf(canvas));
						if (!pick.body) {
							problems.push(noBodyMessage(pick.reason, name));
							continue;
						}
						if (pick.others) toasts.show(`${name}: ${pick.others + 1} bodies were found; the most visible one was kept.`);
						batch.push({ ...(await this.sampleOf(pick.body, canvas, name)), className: pending.className ?? null });
						if (batch.length >= STORE_EVERY) await flush();
					}
				} catch (error) {
					// A file that cannot be read is named, and the batch goes on; anything else (no room left, the model failing) ends it, what was stored kept.
					if (!(error instanceof InputError)) throw error;
					problems.push(error.message);
				}
				this.progress = { done: this.progress!.done + 1, total: this.progress!.total };
			}
			await flush();
			if (problems.length) appErrors.show(new InputError(summarise(problems, stored)));
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.progress = null;
		}
		return stored;
	}

	/** Stores one body from a frame the page already has (the camera's), into `className` or unlabelled. */
	async keepFrom(body: PoseFrame, frame: FrameSource, name: string, className: string | null): Promise<void> {
		try {
			await addNamedSamples(this.projectId, [{ ...(await this.sampleOf(body, frame, name)), className }], 'webcam');
		} catch (error) {
			appErrors.show(error);
		}
	}

	/** One body and its frame as a sample ready to store. */
	private async sampleOf(body: PoseFrame, frame: FrameSource, name: string): Promise<NewSample> {
		const { mirror, keepPhotos } = this.settings();
		return { name, ...(await posePicture(frame, keepPhotos)), features: normalisePose(body, { mirror }), pose: body };
	}

	private async *photoFrame(pending: PendingFile): AsyncGenerator<Frame> {
		const bitmap = await createImageBitmap(pending.file).catch(() => {
			throw new InputError(`${pending.name} is not a picture or a video this browser can read.`);
		});
		try {
			yield { canvas: drawn(bitmap, bitmap.width, bitmap.height), name: pending.name };
		} finally {
			bitmap.close();
		}
	}

	private async *videoFrames(pending: PendingFile, interval: number): AsyncGenerator<Frame> {
		const video = document.createElement('video');
		video.muted = true;
		video.preload = 'auto';
		const url = URL.createObjectURL(pending.file);
		try {
			video.src = url;
			await new Promise<void>((resolve, reject) => {
				video.onloadeddata = () => resolve();
				video.onerror = () => reject(new InputError(`${pending.name} is not a video this browser can play.`));
			});
			await knownDuration(video);
			if (!Number.isFinite(video.duration) || video.duration > MAX_VIDEO_SECONDS) {
				throw new InputError(`${pending.name} is longer than ${MAX_VIDEO_SECONDS / 60} minutes (or its length is unknown); cut it shorter.`);
			}
			const times = videoFrameTimes(video.duration, interval);
			this.progress = { done: this.progress!.done, total: this.progress!.total + times.length - 1 };
			for (const [k, at] of times.entries()) {
				if (this.stopped) break;
				await seekTo(video, at);
				yield { canvas: drawn(video, video.videoWidth, video.videoHeight), name: `${pending.name} at ${videoClock(at)}` };
				if (k < times.length - 1) this.progress = { done: this.progress!.done + 1, total: this.progress!.total };
			}
		} finally {
			URL.revokeObjectURL(url);
			video.removeAttribute('src');
		}
	}
}

/**
 * A browser's own recordings (WebM from MediaRecorder) often say nothing of their length until played
 * to the end: seeking far past it makes the browser find it.
 */
async function knownDuration(video: HTMLVideoElement): Promise<void> {
	if (Number.isFinite(video.duration)) return;
	await new Promise<void>((resolve) => {
		const done = () => (video.removeEventListener('durationchange', check), resolve());
		const check = () => Number.isFinite(video.duration) && done();
		video.addEventListener('durationchange', check);
		setTimeout(done, 10_000);
		video.currentTime = Number.MAX_SAFE_INTEGER;
	});
}

/**
 * Seeks and waits until the frame there can be drawn: `seeked` can come before the frame is decoded
 * (readyState below HAVE_CURRENT_DATA), and a frame drawn then is blank, a pose silently lost.
 */
async function seekTo(video: HTMLVideoElement, at: number): Promise<void> {
	const seeked = new Promise((resolve) => (video.onseeked = resolve));
	video.currentTime = at;
	await seeked;
	if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) return;
	await new Promise<void>((resolve) => {
		const done = () => (clearTimeout(timer), video.removeEventListener('canplay', done), video.removeEventListener('loadeddata', done), resolve());
		const timer = setTimeout(done, 5_000);
		video.addEventListener('canplay', done);
		video.addEventListener('loadeddata', done);
	});
}

/** A frame drawn on a canvas no larger than READ_SIDE. */
function drawn(source: CanvasImageSource, width: number, height: number): HTMLCanvasElement {
	const scale = Math.min(1, READ_SIDE / Math.max(width, height, 1));
	const canvas = document.createElement('canvas');
	[canvas.width, canvas.height] = [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
	canvas.getContext('2d')!.drawImage(source, 0, 0, canvas.width, canvas.height);
	return canvas;
}

function summarise(problems: readonly string[], stored: number): string {
	const shown = problems.slice(0, 5).join(' ');
	const more = problems.length > 5 ? ` And ${problems.length - 5} more frames without a body.` : '';
	return `${stored} pose${stored === 1 ? '' : 's'} stored. ${shown}${more}`;
}
