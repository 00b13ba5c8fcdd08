import type { ModelArtifactsData } from '$lib/core/types';

/** The weights of one model version, in the class order they were saved with. */
export interface VersionWeights {
	version: number;
	artifacts: ModelArtifactsData;
	classIds: string[];
	/** The learner's revision when captured: a later refinement of the same version makes this copy stale. */
	revision: number;
}

/**
 * The weights of the last few model versions, in memory, so undo and redo can put the model back
 * exactly as it was before or after an act without retraining. Older versions fall off the end:
 * those are the stored snapshots' job.
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
		if (at >= 0) this.entries.splice(at, 1);
		this.entries.push(entry);
		if (this.entries.length > this.capacity) this.entries.shift();
	}

	get(version: number): VersionWeights | undefined {
		return this.entries.find((e) => e.version === version);
	}

	clear(): void {
		this.entries.length = 0;
	}
}
