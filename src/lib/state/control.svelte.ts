import type { ControlSettings } from '$lib/core/types';
import { setControl } from '$lib/storage/control';
import { appErrors } from './errors.svelte';
import type { TeachState } from './teach/teach.svelte';

/** The human's settings of how the model learns: stored (and logged) first; the teach loop passes them on to the learner. */
export class ControlState {
	constructor(private readonly teach: TeachState, private readonly projectId: string) {}

	get settings(): ControlSettings {
		return this.teach.control;
	}

	/** Acts kept while frozen, that the model will learn on unfreezing. */
	get held(): number {
		return this.teach.held;
	}

	/** Unlabelled samples the model learned from in its last idle steps (0 when off, or before two classes have labels). */
	get fromPool(): number {
		return this.teach.fromPool;
	}

	/** Bad values are refused with a message; nothing changes then. */
	async change(patch: Partial<ControlSettings>): Promise<boolean> {
		try {
			this.teach.control = await setControl(this.projectId, patch);
			appErrors.clear();
			return true;
		} catch (error) {
			appErrors.show(error);
			return false;
		}
	}
}
