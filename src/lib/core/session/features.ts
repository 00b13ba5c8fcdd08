import * as tf from '@tensorflow/tfjs';
import { Backbone } from '../model/backbone';
import type { BackboneArtifacts, BackboneSpec } from '../types';
import type { SessionSample } from './types';

/** Images run through an imported extractor at a time: bounded memory, and other work can interleave. */
const FEATURE_BATCH = 8;
/**
 * Pictures one background step runs through the backbone: the human's next act waits for at most one
 * such step (MobileNetV2 0.35 takes ~60 ms a picture on WASM on 2 cores, decoding included: ~0.5 s). With 2 a step, 100 photos took over 2 minutes behind the saliency maps of the cards in view.
 */
export const EXTRACT_STEP = 8;
/** Pending samples whose kept features one step looks up in the store at once: a read is cheap, a computation is not. */
const STORE_PAGE = 500;

/** Decodes an image to pixels 0..255, [1, height, width, channels] (in the worker: decode-pixels.ts). */
export type PixelDecoder = (source: Blob | ImageBitmap, size: [number, number], channels: 1 | 3) => Promise<tf.Tensor4D>;

/** Where computed features are kept between sessions (IndexedDB, in the worker), so reopening a project does not compute them again. */
export interface FeatureStore {
	load(sampleIds: readonly string[]): Promise<Map<string, Float32Array>>;
	save(features: ReadonlyMap<string, Float32Array>): Promise<void>;
}

/** An imported feature extractor for the session: the project learns a head on its cached features. */
export interface SessionBackbone {
	spec: BackboneSpec;
	artifacts: BackboneArtifacts;
	decode: PixelDecoder;
	store?: FeatureStore;
}

/** The extractor, once loaded, and every sample's features through it. */
export class Features {
	readonly cache = new Map<string, Float32Array>();
	/** Samples with a picture and no features yet, in arrival order: the background computes them (fillNext). */
	private readonly pending = new Map<string, SessionSample>();
	/** Pending samples already looked up in the store, and not found there. */
	private readonly notKept = new Set<string>();

	constructor(
		readonly source: SessionBackbone,
		public backbone: Backbone
	) {}

	get id(): string {
		return this.source.spec.id;
	}

	static async load(source: SessionBackbone): Promise<Features> {
		return new Features(source, await Backbone.load(source.artifacts, source.spec.format, source.spec.pixelRange));
	}

	pixels(image: Blob | ImageBitmap): Promise<tf.Tensor4D> {
		const { inputSize, channels } = this.backbone.shape;
		return this.source.decode(image, inputSize, channels);
	}

	/**
	 * Finds the features of samples that have none yet, now: kept from an earlier session, else computed
	 * (and kept). A sample whose file will not decode is left out.
	 */
	async fill(samples: readonly SessionSample[]): Promise<void> {
		let missing = samples.filter((s) => s.blob && !this.cache.has(s.id));
		const kept = missing.length && this.source.store ? await this.source.store.load(missing.map((s) => s.id)) : new Map<string, Float32Array>();
		for (const [id, values] of kept) if (values.length === this.backbone.shape.width) this.cache.set(id, values);
		missing = missing.filter((s) => !this.cache.has(s.id));
		for (const s of missing) this.pending.delete(s.id);
		await this.compute(missing);
	}

	/** Computes the features of these samples' pictures, keeps them in the cache and the store. */
	private async compute(missing: readonly SessionSample[]): Promise<void> {
		const computed = new Map<string, Float32Array>();
		for (let i = 0; i < missing.length; i += FEATURE_BATCH) {
			const chunk = missing.slice(i, i + FEATURE_BATCH);
			const decoded = await Promise.all(chunk.map((s) => this.pixels(s.blob!).catch(() => null)));
			const ok = chunk.filter((_, j) => decoded[j]);
			const images = decoded.filter((t): t is tf.Tensor4D => !!t);
			if (images.length === 0) continue;
			const features = tf.tidy(() => this.backbone.features(tf.concat(images)));
			tf.dispose(images);
			try {
				const values = (await features.data()) as Float32Array;
				const width = features.shape[1];
				ok.forEach((s, j) => computed.set(s.id, values.slice(j * width, (j + 1) * width)));
			} finally {
				features.dispose();
			}
		}
		for (const [id, values] of computed) this.cache.set(id, values);
		if (computed.size) await this.source.store?.save(computed);
	}

	/** Samples to compute features for in the background (those without a picture, or with features, are left out). */
	queue(samples: readonly SessionSample[]): void {
		for (const s of samples) if (s.blob && !this.cache.has(s.id)) this.pending.set(s.id, s);
	}

	/** How many pictures have features, of how many the session holds. */
	get progress(): { done: number; total: number } {
		return { done: this.cache.size, total: this.cache.size + this.pending.size };
	}

	get hasPending(): boolean {
		return this.pending.size > 0;
	}

	/**
	 * One background step: features for the next pending samples, `first` first (what the page shows,
	 * what is labelled). Kept ones are read from the store a page at a time; otherwise EXTRACT_STEP are
	 * computed (and kept). Returns the ids that got features, and whether they were `kept` from an
	 * earlier session (rather than computed now); a picture that will not decode is dropped.
	 */
	async fillNext(first: readonly string[] = []): Promise<{ ids: string[]; kept: boolean }> {
		const order = [...first.filter((id) => this.pending.has(id)), ...this.pending.keys()];
		const unchecked = [...new Set(order)].filter((id) => !this.notKept.has(id)).slice(0, STORE_PAGE);
		if (unchecked.length && this.source.store) {
			const kept = await this.source.store.load(unchecked);
			const found: string[] = [];
			for (const [id, values] of kept) {
				if (values.length !== this.backbone.shape.width || !this.pending.has(id)) continue;
				this.cache.set(id, values);
				this.pending.delete(id);
				found.push(id);
			}
			for (const id of unchecked) if (!this.cache.has(id)) this.notKept.add(id);
			if (found.length) return { ids: found, kept: true };
		}
		const next = [...new Set(order)].slice(0, EXTRACT_STEP).map((id) => this.pending.get(id)!);
		for (const s of next) {
			this.pending.delete(s.id);
			this.notKept.delete(s.id);
		}
		await this.compute(next);
		return { ids: next.filter((s) => this.cache.has(s.id)).map((s) => s.id), kept: false };
	}

	/** Rebuilds the extractor on the current backend (after the old one failed). */
	async reload(): Promise<void> {
		const fresh = await Backbone.load(this.source.artifacts, this.source.spec.format, this.source.spec.pixelRange);
		try {
			this.backbone.dispose();
		} catch {
			// A lost device may not even let go of its buffers.
		}
		this.backbone = fresh;
	}
}
