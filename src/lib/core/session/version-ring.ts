import type * as tf from '@tensorflow/tfjs';
import type { Architecture } from '../model/architecture';

/** The weights of one model version, as tensor copies, in the class order they had. */
export interface VersionWeights {
	version: number;
	weights: tf.Tensor[];
	classIds: string[];
	/** The network they are weights of: a version from before a hand-over is the other network's (core/model/row-models.ts). */
	architecture: Architecture;
	/** The learner's revision when captured: a later refinement of the same version makes this copy stale. */
	revision: number;
}

/**
 * The weights of the last few model versions, kept as tensors on the backend, so undo and redo can
 * put the model back exactly as it was before or after an act without retraining or a download.
 * Older versions fall off the end (and are freed): those are the kept snapshots' job.
 */
export class VersionRing {
	private readonly entries: VersionWeights[] = [];

	constructor(private readonly capacity = 16) {}

	/** Whether the ring already holds this version as it is now. */
	holds(version: number, revision: number): boolean {
		return this.entries.some((e) => e.version === version && e.revision === revision);
	}

	put(entry: VersionWeights): void {
		const at = this.entries.findIndex((e) => e.version === entry.version);
		if (at >= 0) this.free(this.entries.splice(at, 1));
		this.entries.push(entry);
		if (this.entries.length > this.capacity) this.free(this.entries.splice(0, 1));
	}

	get(version: number): VersionWeights | undefined {
		return this.entries.find((e) => e.version === version);
	}

	clear(): void {
		this.free(this.entries.splice(0));
	}

	private free(entries: VersionWeights[]): void {
		for (const e of entries) for (const w of e.weights) w.dispose();
	}
}
