import { InputError } from '$lib/core/data/input-error';
import { JOINT_COUNT, POINT_FIELDS } from '$lib/core/pose/joints';
import type { LandmarkModel } from '$lib/core/types';

/**
 * The landmark model: MediaPipe Pose (@mediapipe/pose), served from the app's own origin under
 * /mediapipe/pose/ (vite.config.ts) and precached with its lite model, so it works offline and no
 * request leaves the device. It runs on the page: the package's worker path loads its model files
 * with importScripts and never hands them to its graph (tried: it hangs), so a frame costs the page
 * the model's time (measured by `live --kind pose`); its network runs on the GPU, or on the CPU where
 * the graphics are software (`softwareGraphics`).
 *
 * This module is the model's boundary: what comes out is a list of bodies, each JOINT_COUNT ×
 * POINT_FIELDS numbers (x, y as shares of the frame, depth, visibility). MediaPipe's graph tracks
 * one body; the list form lets the rest of the app handle several.
 */
export const LANDMARK_BASE = '/mediapipe/pose/';

const MODEL_FILE: Record<LandmarkModel, string> = {
	lite: 'pose_landmark_lite.tflite',
	full: 'pose_landmark_full.tflite',
	heavy: 'pose_landmark_heavy.tflite'
};
const COMPLEXITY: Record<LandmarkModel, 0 | 1 | 2> = { lite: 0, full: 1, heavy: 2 };
/** Loading is abandoned after this long: a graph whose files never arrive would otherwise wait for ever. */
const LOAD_TIMEOUT_MS = 90_000;

type Frame = HTMLCanvasElement | HTMLVideoElement | HTMLImageElement;

interface MediapipeLandmark {
	x: number;
	y: number;
	z: number;
	visibility?: number;
}
interface MediapipePose {
	setOptions(options: Record<string, unknown>): void;
	onResults(listener: (results: { poseLandmarks?: MediapipeLandmark[] }) => void): void;
	initialize(): Promise<void>;
	send(input: { image: Frame }): Promise<void>;
	reset(): void;
	close(): Promise<void>;
}
type PoseConstructor = new (config: { locateFile: (file: string) => string }) => MediapipePose;

let script: Promise<PoseConstructor> | null = null;

/** Loads the package's script once (a classic script that sets a global `Pose`). */
function loadScript(): Promise<PoseConstructor> {
	script ??= new Promise<PoseConstructor>((resolve, reject) => {
		const tag = document.createElement('script');
		tag.src = `${LANDMARK_BASE}pose.js`;
		tag.onload = () => resolve((globalThis as unknown as { Pose: PoseConstructor }).Pose);
		tag.onerror = () => ((script = null), reject(new InputError(unavailable('its runtime'))));
		document.head.append(tag);
	});
	return script;
}

/**
 * Why a file of the model could not be had. `unreachable`: the request never got an answer (neither
 * the service worker's caches nor the app's server had it), which is what being offline looks like to
 * the app. navigator.onLine alone is no test: it stays true on a network that reaches nothing (and, in
 * Chromium 150, on a page reloaded while the network is cut).
 */
function unavailable(what: string, unreachable = !navigator.onLine): string {
	return unreachable
		? `The pose model’s ${what} is not on this device, and the device is offline. Connect once so the app can keep it, or choose the lite model, which is kept for offline use.`
		: `The pose model could not load ${what} from this app. Reload the page and try again.`;
}

/**
 * Whether WebGL is drawn in software (SwiftShader, llvmpipe): there the network runs far faster on the
 * CPU. Measured here (2 cores, SwiftShader): the lite model took 260 ms a frame through WebGL and 33 ms
 * through WebAssembly, with the same landmarks. On real graphics MediaPipe's default, the GPU, stays.
 */
function softwareGraphics(): boolean {
	const gl = document.createElement('canvas').getContext('webgl');
	if (!gl) return true;
	const info = gl.getExtension('WEBGL_debug_renderer_info');
	const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
	gl.getExtension('WEBGL_lose_context')?.loseContext();
	return /swiftshader|llvmpipe|software|basic render/i.test(renderer);
}

/** Makes sure the model's file can be read (from the precache, the kept cache or the app's server) before the graph asks for it. */
async function ensureFile(model: LandmarkModel): Promise<void> {
	const what = `${model} landmark model`;
	// A fetch that rejects got no answer at all; one that answers with an error status reached a server that failed.
	const response = await fetch(LANDMARK_BASE + MODEL_FILE[model]).catch(() => null);
	if (!response) throw new InputError(unavailable(what, true));
	if (!response.ok) throw new InputError(unavailable(what, !navigator.onLine));
	await response.arrayBuffer();
}

/** The landmark model, loaded once per choice of model. */
export class Landmarks {
	private queue: Promise<unknown> = Promise.resolve();

	private constructor(
		private readonly pose: MediapipePose,
		readonly model: LandmarkModel,
		/** Where the model's network runs: the GPU (WebGL), or the CPU (WebAssembly) where the graphics are software. */
		readonly inference: 'gpu' | 'cpu',
		private readonly last: { landmarks: MediapipeLandmark[] | null }
	) {}

	static async load(model: LandmarkModel): Promise<Landmarks> {
		await ensureFile(model);
		const Pose = await loadScript();
		const pose = new Pose({ locateFile: (file) => LANDMARK_BASE + file });
		const inference = softwareGraphics() ? 'cpu' : 'gpu';
		pose.setOptions({ modelComplexity: COMPLEXITY[model], smoothLandmarks: false, enableSegmentation: false, selfieMode: false, useCpuInference: inference === 'cpu' });
		const last = { landmarks: null as MediapipeLandmark[] | null };
		pose.onResults((results) => (last.landmarks = results.poseLandmarks ?? null));
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new InputError(unavailable('files'))), LOAD_TIMEOUT_MS)));
		try {
			await Promise.race([pose.initialize(), timeout]);
		} finally {
			clearTimeout(timer);
		}
		return new Landmarks(pose, model, inference, last);
	}

	/**
	 * The bodies in one frame. `still`: the frame has nothing to do with the one before (a photo), so
	 * the model looks for a body afresh instead of following the last one.
	 */
	detect(frame: Frame, still: boolean): Promise<Float32Array[]> {
		// One frame at a time: the graph answers through one callback, so two frames in flight would mix up.
		const next = this.queue.then(() => this.run(frame, still));
		this.queue = next.catch(() => undefined);
		return next;
	}

	private async run(frame: Frame, still: boolean): Promise<Float32Array[]> {
		if (still) this.pose.reset();
		this.last.landmarks = null;
		await this.pose.send({ image: frame });
		const found = this.last.landmarks as MediapipeLandmark[] | null; // set by the callback during `send`
		if (!found || found.length < JOINT_COUNT) return [];
		const points = new Float32Array(JOINT_COUNT * POINT_FIELDS);
		found.slice(0, JOINT_COUNT).forEach((p, j) => points.set([p.x, p.y, p.z, p.visibility ?? 0], j * POINT_FIELDS));
		return [points];
	}

	close(): Promise<void> {
		return this.pose.close();
	}
}

let loaded: Promise<Landmarks> | null = null;

/** The landmark model for `model`, shared by the intake and live mode; loaded again only when the choice changes. */
export async function landmarks(model: LandmarkModel): Promise<Landmarks> {
	const current = loaded && (await loaded.catch(() => null));
	if (current?.model === model) return current;
	if (current) await current.close().catch(() => undefined);
	loaded = Landmarks.load(model);
	loaded.catch(() => (loaded = null));
	return loaded;
}
