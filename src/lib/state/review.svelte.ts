import type { LabelFinding } from '$lib/core/session/label-review';
import type { Sample } from '$lib/core/types';
import { watchPendingRechecks } from '$lib/storage/review';
import { appErrors } from './errors.svelte';
import { WhileOpen } from './while-open';
import type { TeachState } from './teach/teach.svelte';

/** After the model changes, the labels are checked again this much later, if the human rests. */
const CHECK_AFTER_MS = 4000;

/** One label Review asks the human about. */
export interface ReviewItem {
	sampleId: string;
	kind: 'mislabel' | 'recheck';
	/** The label the sample holds. */
	given: string;
	/** What speaks against it: the model's class out of sample, or the human's own re-check answer. */
	other: string;
	/** The model's out-of-sample probability of `other` (a likely mislabel). */
	p?: number;
}

export type ReviewStatus = { kind: 'idle' } | { kind: 'checking' } | { kind: 'needs'; more: number } | { kind: 'checked'; labels: number; version: number };

/**
 * The Review queue: re-checks that differed from the label, then the likely mislabels the learner
 * finds by K-fold refits (core/session/label-review.ts) while Review is open, checked again after the
 * model changes. Each is kept or changed by the human as an audited act; a kept label is not asked
 * about again while it stands.
 */
export class ReviewState {
	status = $state.raw<ReviewStatus>({ kind: 'idle' });
	private findings = $state.raw<LabelFinding[]>([]);
	private rechecks = $state.raw<Sample[]>([]);
	/** Decided in this tab: gone from the list at once, before the database says so. */
	private decided = $state.raw(new Set<string>());
	private checking = false;
	private again = false;
	private readonly panel: WhileOpen;
	private readonly stop: () => void;

	constructor(private readonly teach: TeachState, projectId: string) {
		this.panel = new WhileOpen(teach, () => this.run(), CHECK_AFTER_MS);
		this.stop = watchPendingRechecks(projectId, (samples) => (this.rechecks = samples), (error) => appErrors.show(error));
	}

	/** What to ask about, re-checks first, then the likeliest mislabels; those since decided or relabelled drop out. */
	readonly items: ReviewItem[] = $derived.by(() => {
		const open = (id: string) => !this.decided.has(id);
		const rechecks = this.rechecks.filter((s) => open(s.id) && s.recheck).map((s): ReviewItem => ({ sampleId: s.id, kind: 'recheck', given: s.recheck!.earlier, other: s.recheck!.answer }));
		const asked = new Set(rechecks.map((r) => r.sampleId));
		const mislabels = this.findings
			.filter((f) => {
				const sample = this.teach.sample(f.sampleId);
				return open(f.sampleId) && !asked.has(f.sampleId) && sample?.classId === f.given && sample.keptLabel !== f.given;
			})
			.map((f): ReviewItem => ({ sampleId: f.sampleId, kind: 'mislabel', given: f.given, other: f.suggested, p: f.suggestedP }));
		return [...rechecks, ...mislabels];
	});

	/** Review opened or closed: the labels are checked while it is open. */
	show(visible: boolean): void {
		this.panel.show(visible);
	}

	async keep(item: ReviewItem): Promise<void> {
		if (await this.teach.keepLabel(item.sampleId)) this.decide(item.sampleId);
	}

	async change(item: ReviewItem, classId: string): Promise<void> {
		await this.teach.relabel(item.sampleId, classId);
		if (this.teach.sample(item.sampleId)?.classId === classId) this.decide(item.sampleId);
	}

	/** Asks the learner for the likely mislabels now; a check asked for meanwhile runs once after it. */
	check(): Promise<void> {
		return this.panel.now();
	}

	private async run(): Promise<void> {
		if (this.checking) return void (this.again = true);
		this.checking = true;
		if (this.status.kind !== 'checked') this.status = { kind: 'checking' };
		try {
			const review = await this.teach.inspect.reviewLabels();
			if (!review) return this.panel.soon(); // the human acted: again when they rest
			if (review.kind === 'needs') this.status = review;
			else {
				await this.teach.index.ensure(review.findings.map((f) => f.sampleId));
				[this.findings, this.status, this.decided] = [review.findings, { kind: 'checked', labels: review.checked, version: review.version }, new Set()];
			}
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.checking = false;
			if (this.again) {
				this.again = false;
				this.panel.soon();
			}
		}
	}

	destroy(): void {
		this.panel.destroy();
		this.stop();
	}

	private decide(sampleId: string): void {
		this.decided = new Set([...this.decided, sampleId]);
	}

}
