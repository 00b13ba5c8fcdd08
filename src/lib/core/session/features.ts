import * as tf from '@tensorflow/tfjs';
import { Backbone } from '../model/backbone';
import type { BackboneArtifacts, BackboneSpec } from '../types';
import type { SessionSample } from './types';

/** Images run through an imported extractor at a time: bounded memory, and other work can interleave. */
const FEATURE_BATCH = 8;

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
	 * Finds the features of samples that have none yet: kept from an earlier session, else computed (and
	 * kept). A sample whose file will not decode is left out.
	 */
	async fill(samples: readonly SessionSample[]): Promise<void> {
		let missing = samples.filter((s) => s.blob && !this.cache.has(s.id));
		const kept = missing.length && this.source.store ? await this.source.store.load(missing.map((s) => s.id)) : new Map<string, Float32Array>();
		for (const [id, values] of kept) if (values.length === this.backbone.shape.width) this.cache.set(id, values);
		missing = missing.filter((s) => !this.cache.has(s.id));
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
