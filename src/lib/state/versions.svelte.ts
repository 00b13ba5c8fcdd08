import type { ModelVersion } from '$lib/core/types';
import { keepModelVersion, loadModelWeights, recordRollback, watchKeptVersions } from '$lib/storage/models';
import type { VersionComparison } from '$lib/core/session/types';
import { appErrors, whileBusy } from './errors.svelte';
import type { TeachState } from './teach/teach.svelte';

/**
 * The model versions kept for good: one every N updates (the project's setting) and one whenever
 * the human asks, each with how it did on labels before it learned them. Any of them can be put
 * back (rollback) or compared with another on the labelled set.
 */
export class VersionsState {
	versions = $state.raw<ModelVersion[]>([]);
	comparison = $state.raw<VersionComparison | null>(null);
	busy = $state(false);
	private keeping = false;
	private readonly stops: (() => void)[] = [];

	constructor(
		private readonly teach: TeachState,
		private readonly projectId: string
	) {
		this.stops.push(
			watchKeptVersions(projectId, (v) => (this.versions = v), (error) => appErrors.show(error)),
			teach.onModelChange(() => void this.keepIfDue())
		);
	}

	/** Keeps the live model as a version (the human asked, or N updates have passed). */
	async keep(trigger: 'auto' | 'manual' = 'manual'): Promise<void> {
		if (this.keeping) return;
		this.keeping = true;
		try {
			const model = await this.teach.inspect.snapshot();
			if (model && !this.versions.some((v) => v.version === model.version)) await keepModelVersion(this.projectId, model, trigger);
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.keeping = false;
		}
	}

	/** Puts a kept version back as the live model; the labels stay as they are. */
	async rollback(id: string): Promise<void> {
		await this.run(async () => {
			const model = await this.load(id);
			const from = this.teach.version;
			if (await this.teach.rollback(model)) await recordRollback(this.projectId, from, model.version);
		});
	}

	/** Two kept versions' predictions on the labelled set, and the samples where they differ. */
	async compare(aId: string, bId: string): Promise<void> {
		await this.run(async () => {
			const [a, b] = await Promise.all([aId, bId].map((id) => this.load(id)));
			this.comparison = await this.teach.inspect.compare(a!, b!);
		});
	}

	destroy(): void {
		for (const stop of this.stops) stop();
	}

	private async load(id: string) {
		const meta = this.versions.find((v) => v.id === id);
		const artifacts = meta && (await loadModelWeights(meta.id));
		if (!meta?.classIds || !artifacts) throw new Error('That version is no longer stored.');
		return { artifacts, version: meta.version, classIds: meta.classIds };
	}

	private async keepIfDue(): Promise<void> {
		const every = this.teach.control.snapshotEvery;
		const last = this.versions[0]?.version ?? 0;
		if (every > 0 && !this.teach.control.frozen && this.teach.version >= last + every) await this.keep('auto');
	}

	private async run(work: () => Promise<void>): Promise<void> {
		if (!this.busy) await whileBusy(this, work);
	}
}
