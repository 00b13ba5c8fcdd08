/** Plain data about backends and stored models, shared by every layer. */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The order in which backends are tried when the user has not forced one. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function isBackendName(value: unknown): value is BackendName {
	return typeof value === 'string' && (BACKEND_ORDER as readonly string[]).includes(value);
}

/** What happened when one backend was tried at start-up. */
export interface BackendTrial {
	name: BackendName;
	ok: boolean;
	/** Why the backend was skipped, in words a user can read. */
	reason?: string;
	/** Median ms of one training step of the smoke-test net. */
	trainStepMs?: number;
	/** Median ms of one single-sample prediction of the smoke-test net. */
	predictMs?: number;
}

export interface BackendReport {
	/** The backend that trains. */
	train: BackendName;
	/** The backend measured fastest for single predictions (may differ from `train`). */
	predict: BackendName;
	forced: BackendName | null;
	/** The GPU adapter's description, where there is one. */
	adapter?: string;
	trials: BackendTrial[];
	/** When every backend was last tried on this device. */
	measuredAt: number;
	/** This start reused that measurement, checking only the training backend again. */
	reused: boolean;
}

/** Serialised model weights and topology, as tf.io artifacts but free of tfjs types. */
export interface ModelArtifactsData {
	modelTopology: unknown;
	weightSpecs: { name: string; shape: number[]; dtype: string }[];
	weightData: ArrayBuffer;
}

export interface ModelVersion {
	id: string;
	projectId: string;
	version: number;
	createdAt: number;
	/** Held-out accuracy when the version was saved, if known. */
	accuracy?: number;
	/** How many held-out labels `accuracy` was measured on. */
	heldOut?: number;
	/** Why this version was kept: every N updates, the human asked, or the live weights ("current"). */
	trigger?: 'auto' | 'manual' | 'current';
	backend: BackendName;
	/** The class of each model output, in order, when the weights were saved. */
	classIds?: string[];
	/** The feature extractor these weights (a head) sit on; unset for the from-scratch CNN. */
	backboneId?: string;
}

export type BackboneFormat = 'layers' | 'graph';
/** Where an extractor came from: imported from files or a URL on the app's own origin, or built into the app. */
export type BackboneSource = 'files' | 'url' | 'builtin';
/** How the extractor expects its pixels scaled: MobileNets from TF Hub take 0..1, Keras ones -1..1. */
export type PixelRange = '0..1' | '-1..1' | '0..255';
export const PIXEL_RANGES: readonly PixelRange[] = ['0..1', '-1..1', '0..255'];

/** A pretrained feature extractor the user imported: what it takes and what it gives. */
export interface BackboneSpec {
	id: string;
	name: string;
	format: BackboneFormat;
	source: BackboneSource;
	/** Where it was downloaded from, for a URL import. */
	url?: string;
	/** Input height and width in pixels. */
	inputSize: [number, number];
	channels: 1 | 3;
	pixelRange: PixelRange;
	/** Length of the feature vector it gives each image. */
	width: number;
	bytes: number;
	createdAt: number;
}

/** A model's files as tf.io reads them; a graph model needs its `format` to load. */
export interface BackboneArtifacts extends ModelArtifactsData {
	format?: string;
}

/** One network's figures in a cross-validation on the human's labels: held-out labels answered rightly, and its mean log loss on them. */
export interface CrossValidated {
	name: string;
	right: number;
	loss: number;
}

/** A model choice's check (core/session/model-choice.ts): both networks cross-validated on `labels` labels, and which one the project learns with since. */
export interface ModelChoiceCheck {
	labels: number;
	backbone: CrossValidated;
	pixels: CrossValidated;
	chose: 'backbone' | 'pixels';
	/** The version the choice put in place (the pixels), or the live one when the backbone stayed. */
	version: number;
}
