import { cleanTag } from '$lib/core/data/tags';
import { sliceReport, slicesOf, type SliceAccuracy } from '$lib/core/quality/slices';
import { setActiveLearning } from '$lib/storage/active-learning';
import { getSamples } from '$lib/storage/sample-queries';
import { tagSamples } from '$lib/storage/tags';
import { appErrors } from './errors.svelte';
import { WhileOpen } from './while-open';
import type { TeachState } from './teach/teach.svelte';

/** After the model changes, the slices are worked out again this much later: a burst of acts asks once. */
const REFRESH_AFTER_MS = 1500;

/**
 * Slices and the bias audit: each slice's accuracy on the labels the model was judged on before
 * learning them (core/quality/slices.ts), worked out while the panel is open; tagging samples, and
 * sending a slice to the queue to collect labels there.
 */
export class SlicesState {
	report = $state.raw<SliceAccuracy[]>([]);
	/** How many judged labels the report rests on. */
	judged = $state(0);
	private readonly panel: WhileOpen;

	constructor(
		private readonly teach: TeachState,
		private readonly projectId: string
	) {
		this.panel = new WhileOpen(teach, () => this.load(), REFRESH_AFTER_MS);
	}

	show(visible: boolean): void {
		this.panel.show(visible);
	}

	refresh(): Promise<void> {
		return this.panel.now();
	}

	private async load(): Promise<void> {
		try {
			const judged = await this.teach.inspect.judged();
			const samples = new Map((await getSamples([...new Set(judged.map((j) => j.sampleId))])).map((s) => [s.id, s]));
			const evidence = judged.flatMap((j) => {
				const sample = samples.get(j.sampleId);
				return sample ? [{ slices: slicesOf(sample, this.teach.tabular), right: j.right }] : [];
			});
			[this.report, this.judged] = [sliceReport(evidence), evidence.length];
		} catch (error) {
			appErrors.show(error);
		}
	}

	/** Tags samples (the selected ones, or the one in focus); a bad tag is refused with a message. */
	async tag(sampleIds: readonly string[], tag: string, add = true): Promise<boolean> {
		try {
			await tagSamples(this.projectId, sampleIds, tag, add);
			const clean = cleanTag(tag);
			for (const id of sampleIds) {
				const held = this.teach.sample(id)?.tags ?? [];
				this.teach.index.patch(id, { tags: add ? [...new Set([...held, clean])] : held.filter((t) => t !== clean) });
			}
			appErrors.clear();
			if (this.panel.open) void this.refresh();
			return true;
		} catch (error) {
			appErrors.show(error);
			return false;
		}
	}

	/** The queue asks only about this slice from now on (null: the whole pool again); logged as a change of asking. */
	async collect(slice: string | null): Promise<void> {
		try {
			await setActiveLearning(this.projectId, { slice: slice ?? undefined });
		} catch (error) {
			appErrors.show(error);
		}
	}

	destroy(): void {
		this.panel.destroy();
	}
}
