import type { SavedModel } from '$lib/core/session/types';
import { saveCurrentModel } from '$lib/storage/models';
import { appErrors } from '../errors.svelte';

/** Saves at most this long after a change, however quickly the acts keep coming. */
const SAVE_AFTER_MS = 400;

/**
 * Stores the live weights soon after they change (and before an export, and when the page goes),
 * with what they have learned, as the learner says: every change up to `learnedThrough`. On opening,
 * only what came later is learned, so a reload neither loses an act nor learns one twice.
 */
export class ModelSaving {
	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly projectId: string,
		/** The learner's save; null when it has no project open. It is served in order with the syncs. */
		private readonly saveModel: () => Promise<SavedModel | null> | undefined
	) {}

	/** The weights changed: saved within SAVE_AFTER_MS. */
	soon(): void {
		this.timer ??= setTimeout(() => void this.now(), SAVE_AFTER_MS);
	}

	async now(): Promise<void> {
		clearTimeout(this.timer);
		this.timer = undefined;
		try {
			const saved = await this.saveModel();
			if (saved) await saveCurrentModel(this.projectId, saved.version, saved.backend, saved.artifacts, saved.learnedThrough, saved.classIds, saved.backboneId, saved.teaching);
		} catch (error) {
			appErrors.show(error);
		}
	}
}
