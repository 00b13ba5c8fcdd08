import type { StoredModel, Suggestion } from '$lib/core/session/types';
import type { ExplanationMask, LabelVia, OverrideReason, QueryOrigin, Sample, SampleAttention } from '$lib/core/types';
import { clearExplanation, paintExplanation } from '$lib/storage/explanations';
import { labelSample, labelSamples, rejectSuggestion } from '$lib/storage/samples';
import { answerRecheck, keepLabel } from '$lib/storage/review';
import { appErrors } from '../errors.svelte';
import type { LearnerLink } from './learner-link';
import type { SampleIndex } from './sample-index.svelte';
import type { Act, UndoHistory } from './undo-history.svelte';
import type { UpdateTiming } from './update-timing';

/** What an act reads of the teach loop and changes in it. */
export interface ActingOn {
	readonly projectId: string;
	readonly index: SampleIndex;
	focusId: string | null;
	ignoreRegion: ExplanationMask | null;
	readonly version: number;
	readonly suggestions: ReadonlyMap<string, Suggestion>;
	readonly history: UndoHistory;
	className(classId: string | null | undefined): string;
	nextToAsk(after?: string): string | null;
	/** What the queue said about a sample, recorded with the human's label. */
	originOf(sampleId: string): QueryOrigin | undefined;
	isRecheck(sampleId: string): boolean;
	recheckAnswered(sampleId: string, agreed: boolean): void;
}

/**
 * What happens when the human acts: the act is written to the database first (with its event), then
 * shown and sent to the learner at once, then remembered for undo; focus moves to the next sample.
 * A failed write changes nothing and says why.
 */
export class Acts {
	constructor(
		private readonly on: ActingOn,
		private readonly link: Pick<LearnerLink, 'sendChanges' | 'restoreWith' | 'settled' | 'rollback'>,
		private readonly timing: UpdateTiming
	) {}

	async accept(sampleId = this.on.focusId): Promise<void> {
		if (sampleId && this.on.isRecheck(sampleId)) return; // a re-check shows no suggestion to accept
		const top = sampleId ? this.on.suggestions.get(sampleId)?.ranked[0] : undefined;
		if (sampleId && top) await this.label(sampleId, top.classId, 'accept');
	}

	/** Overrides the suggestion with the human's class, with their reason when they gave one. */
	async correct(classId: string, sampleId = this.on.focusId, reason?: OverrideReason): Promise<void> {
		if (sampleId && this.on.isRecheck(sampleId)) await this.answerRecheck(sampleId, classId);
		else if (sampleId) await this.label(sampleId, classId, 'correct', reason);
	}

	/** Review: the human changes a label Review asked about (logged as such); focus stays where it is. */
	async relabel(sampleId: string, classId: string): Promise<void> {
		await this.label(sampleId, classId, 'review', undefined, false);
	}

	/** The class's teacher decides a sample's label (written as the class's consensus); focus stays. */
	async decide(sampleId: string, classId: string): Promise<void> {
		await this.label(sampleId, classId, 'decide', undefined, false);
	}

	/** Review: the human keeps the label; it is not asked about again while it stands. */
	async keepLabel(sampleId: string): Promise<boolean> {
		return this.attempt(async () => {
			await keepLabel(sampleId, this.on.version);
			const classId = this.on.index.get(sampleId)?.classId;
			this.on.index.patch(sampleId, { keptLabel: classId, recheck: undefined, recheckAt: undefined });
		});
	}

	/** A re-check's answer: logged, never a label; one that differs waits in Review. */
	private async answerRecheck(sampleId: string, classId: string): Promise<void> {
		await this.attempt(async () => {
			const { agreed } = await answerRecheck(sampleId, classId, this.on.version);
			this.on.recheckAnswered(sampleId, agreed);
			this.on.focusId = this.on.nextToAsk(sampleId) ?? null;
		});
	}

	/** Gives many samples one class at once (a multi-select, or a drag onto a class): one act, one undo. */
	async labelMany(sampleIds: readonly string[], classId: string, via: 'bulk' | 'drag'): Promise<boolean> {
		return this.attempt(async () => {
			const versionBefore = this.on.version;
			const changed = await labelSamples(sampleIds, classId, via, versionBefore);
			if (changed.length === 0) return;
			for (const c of changed) this.showAndTeach(c.sampleId, classId, c.updatedAt);
			this.remember({ changes: changed.map((c) => ({ sampleId: c.sampleId, previous: c.previous, next: classId })), versionBefore, summary: `${changed.length} labelled ${this.on.className(classId)}` });
		});
	}

	/** "Not this": logged, and the sample is left for later. */
	async reject(sampleId = this.on.focusId): Promise<void> {
		if (sampleId && this.on.isRecheck(sampleId)) return;
		const top = sampleId ? this.on.suggestions.get(sampleId)?.ranked[0] : undefined;
		if (!sampleId || !top) return;
		await this.attempt(async () => {
			await rejectSuggestion(sampleId, top.classId, this.on.version);
			this.on.focusId = this.on.nextToAsk(sampleId) ?? sampleId;
		});
	}

	/** Undoes the newest act: its labels (each logged as an undo) and the model version before it. */
	async undo(): Promise<void> {
		const act = this.on.history.takeUndo();
		if (act && !(await this.replay(act, 'undo', act.versionBefore))) this.on.history.restoreAfterFailedUndo();
	}

	/** Redoes the newest undone act: its labels and, when the learner still holds it, the version after it. */
	async redo(): Promise<void> {
		const act = this.on.history.takeRedo();
		if (act && !(await this.replay(act, 'redo', act.versionAfter))) this.on.history.restoreAfterFailedRedo();
	}

	/** Puts a kept model version back in place of the live one (itself an act that can be undone). */
	async rollback(model: StoredModel): Promise<boolean> {
		const versionBefore = this.on.version;
		const result = await this.link.rollback(model);
		if (!result) return false;
		this.on.history.push({ changes: [], versionBefore, versionAfter: result.version, summary: `rollback to version ${model.version}` });
		return true;
	}

	/**
	 * Explanation feedback: durable first (sample or project, and its event), then learned as a label
	 * is. `painted` is the 32x32 grid, 1 where the human painted.
	 */
	paintExplanation(sampleId: string, painted: Uint8Array, mode: SampleAttention['mode'], scope: 'sample' | 'always'): Promise<boolean> {
		return this.attempt(async () => {
			// As stored (the region joined to any earlier one), so the database's copy, when it arrives, is no news.
			const { attention, ignoreRegion } = await paintExplanation(sampleId, painted, mode, scope, this.on.version);
			if (ignoreRegion) this.on.ignoreRegion = ignoreRegion;
			const changed = attention && this.on.index.patch(sampleId, { attention, updatedAt: attention.at });
			this.link.sendChanges(changed ? [changed] : [], true);
		});
	}

	/** Takes back a sample's explanation feedback, or (null) the project's "always ignore" region. */
	async clearExplanation(sampleId: string | null): Promise<void> {
		await this.attempt(() => clearExplanation(this.on.projectId, sampleId, this.on.version));
	}

	private async label(sampleId: string, classId: string, via: LabelVia, reason?: OverrideReason, moveOn = true): Promise<void> {
		this.timing.act();
		const stored = await this.attempt(async () => {
			const origin = this.on.originOf(sampleId);
			const versionBefore = this.on.version;
			const { previous, updatedAt } = await labelSample(sampleId, classId, via, versionBefore, origin, reason);
			this.timing.stored();
			this.showAndTeach(sampleId, classId, updatedAt, origin);
			this.remember({ changes: [{ sampleId, previous, next: classId }], versionBefore, summary: `labelled ${this.on.className(classId)}` });
			if (moveOn) this.on.focusId = this.on.nextToAsk(sampleId) ?? sampleId;
		});
		if (!stored) this.timing.failed();
	}

	/** Writes an act's labels one way or the other (durable first), then has the learner put `version` back. */
	private replay(act: Act, via: 'undo' | 'redo', version: number | undefined): Promise<boolean> {
		return this.attempt(async () => {
			const changes = via === 'undo' ? [...act.changes].reverse() : act.changes;
			const changed: Sample[] = [];
			for (const c of changes) {
				const classId = via === 'undo' ? c.previous : c.next;
				const { updatedAt } = await labelSample(c.sampleId, classId, via, this.on.version);
				const now = this.on.index.patch(c.sampleId, { classId: classId ?? undefined, updatedAt, labelledFrom: undefined, auditAt: undefined });
				if (now) changed.push(now);
			}
			this.link.restoreWith(version, changed);
			if (act.changes[0]) this.on.focusId = act.changes[0].sampleId;
		});
	}

	/** Records an act for undo; the version it led to is filled in once the learner has answered. */
	private remember(act: Act): void {
		this.on.history.push(act);
		void this.link.settled().then(() => (act.versionAfter = this.on.version));
	}

	/**
	 * A label this tab just made durable: shown and sent to the learner now, not a moment later when
	 * the database's live query reports it (which then finds nothing new).
	 */
	private showAndTeach(sampleId: string, classId: string | null, updatedAt: number, labelledFrom?: QueryOrigin): void {
		const auditAt = classId && labelledFrom?.audit ? updatedAt : undefined;
		const changed = this.on.index.patch(sampleId, { classId: classId ?? undefined, updatedAt, labelledFrom, auditAt, recheck: undefined, recheckAt: undefined });
		this.link.sendChanges(changed ? [changed] : [], true);
	}

	/** Runs an act's writes; an error is shown and nothing more happens. */
	private async attempt(work: () => Promise<unknown>): Promise<boolean> {
		try {
			await work();
			return true;
		} catch (error) {
			appErrors.show(error);
			return false;
		}
	}
}
