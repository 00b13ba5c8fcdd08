import { auditedAccuracy, auditOutcomes, type QueuedPick } from '$lib/core/quality/audit-picks';
import { auditEvidence, auditRecords, savedAt } from '$lib/core/quality/labels-saved';
import { isNovel, isPreAccepted } from '$lib/core/query/threshold';
import { DEFAULT_ACTIVE_LEARNING, type ActiveLearningSettings, type QueryOrigin } from '$lib/core/types';
import { setActiveLearning } from '$lib/storage/active-learning';
import { watchProject } from '$lib/storage/projects';
import { sliceMembers } from '$lib/storage/tags';
import { appErrors } from './errors.svelte';
import { Rechecks } from './rechecks.svelte';
import type { TeachState } from './teach/teach.svelte';
import { queueRanked } from './teach/update-timing';

/** How many samples the queue ranks and shows. */
export const QUEUE_SIZE = 20;
/** The queue's first few: scored with the rest of what the page shows after each act. */
const HEAD = 5;
/** Picks remembered after they left the queue. */
const ASKED_KEPT = 200;

/**
 * What to ask the human next: the unlabelled pool ranked in the worker by the chosen strategy, with
 * random audit picks mixed in; suggestions at or above the threshold are pre-accepted as the model's
 * label (never counted as the human's) and left out of the queue.
 */
export class QueueState {
	items = $state.raw<QueuedPick[]>([]);
	poolSize = $state(0);
	settings = $state.raw<ActiveLearningSettings>(DEFAULT_ACTIVE_LEARNING);
	/** What the labelled audit picks say (the database finds them by their index: a project's samples are never all read). */
	readonly outcomes = $derived.by(() => auditOutcomes(this.teach.index.auditPicks, this.teach.index.labelled));
	/** The audit outcomes as a string: it equals the last one (and the estimate below stays) until an audit pick is answered. */
	private readonly auditKey = $derived.by(() => JSON.stringify(auditRecords(this.teach.index.auditPicks)));
	/** The costly part of the estimate below: recomputed only when an audit pick is answered (or the classes change). */
	private readonly evidence = $derived.by(() => auditEvidence(JSON.parse(this.auditKey), this.teach.classes.length));
	/** Labels the strategy has saved against random picking, estimated from the audit picks. */
	readonly saved = $derived(savedAt(this.evidence, this.outcomes.labels));
	/** The same estimate at fractions of the labels given so far: the insights chart it. */
	readonly savedCurve = $derived.by(() => {
		const labels = this.outcomes.labels;
		const counts = [...new Set([0.25, 0.5, 0.75, 1].map((f) => Math.round(f * labels)))].filter((n) => n >= this.teach.classes.length);
		return counts.flatMap((n) => {
			const saved = savedAt(this.evidence, n);
			return saved.kind === 'estimate' ? [saved] : [];
		});
	});
	/**
	 * How many classes the human had labelled when the queue was last ranked (the model's labels wait
	 * for two): what the pre-accepted count was worked out with, so the queue and the count agree.
	 */
	private labelledClasses = $state(0);
	/** Unlabelled samples whose suggestion stands as the model's label, as the worker counted them when it last ranked. */
	preAcceptedCount = $state(0);
	/** Picks the queue showed lately, by sample: what the queue said of one is recorded with its label even after a re-ranking. */
	private readonly asked = new Map<string, QueuedPick>();
	/** Re-checks of the teacher, mixed into what is asked next. */
	readonly rechecks: Rechecks;
	/** Set while the worker ranks. */
	ranking = $state(false);
	private dirty = false;
	/** The members of the slice the queue is limited to, as last read. */
	private slice: { name: string; total: number; ids: string[] } | undefined;
	private readonly stops: (() => void)[] = [];

	constructor(private readonly teach: TeachState, private readonly projectId: string) {
		const onError = (error: unknown) => appErrors.show(error);
		this.rechecks = new Rechecks(projectId, teach.index, () => this.settings.recheckShare);
		this.stops.push(
			() => this.rechecks.destroy(),
			watchProject(projectId, (p) => {
				const next = { ...DEFAULT_ACTIVE_LEARNING, ...p?.activeLearning };
				const rerank = JSON.stringify(next) !== JSON.stringify(this.settings);
				this.settings = next;
				if (rerank) void this.refresh();
			}, onError),
			teach.onModelChange(() => void this.refresh()),
			teach.askWith({ next: (after) => this.next(after), originOf: (id) => this.originOf(id), preAccepted: (id) => this.preAccepted(id), novel: (id) => isNovel(this.teach.suggestions.get(id)?.novelty, this.settings), head: () => this.forHuman.slice(0, HEAD).map((i) => i.id), isRecheck: (id) => id === this.rechecks.current, recheckAnswered: (id, agreed) => this.rechecks.recheckAnswered(id, agreed) })
		);
	}

	/** The queue as the human sees it: unlabelled, below the threshold (worked out once per change). */
	readonly forHuman: QueuedPick[] = $derived.by(() => this.items.filter((i) => !this.teach.sample(i.id)?.classId && !this.preAccepted(i.id)));

	/** True when the model's suggestion for an unlabelled sample is confident enough to stand as its label. */
	preAccepted(sampleId: string): boolean {
		const suggestion = this.teach.suggestions.get(sampleId);
		return isPreAccepted(suggestion?.ranked[0], this.settings, this.labelledClasses, suggestion?.novelty);
	}

	/** The accuracy the audit picks show, with its 95% interval; null before the first audit pick is labelled. */
	get accuracy() {
		return auditedAccuracy(this.outcomes.right, this.outcomes.n);
	}

	/** The next sample for the human after they answered `after`: now and then a re-check, else the queue's next. */
	next(after?: string): string | null {
		const recheck = after && after !== this.rechecks.current ? this.rechecks.answered(after) : null;
		return recheck ?? this.forHuman.find((i) => i.id !== after)?.id ?? null;
	}

	/** What the queue said about a sample, recorded with the human's label. */
	originOf(sampleId: string): QueryOrigin | undefined {
		// As it was asked: a re-ranking since (fresh scores after an act) may have moved it out of the queue.
		const item = this.items.find((i) => i.id === sampleId) ?? this.asked.get(sampleId);
		const top = this.teach.suggestions.get(sampleId)?.ranked[0];
		if (!item) return undefined;
		return {
			strategy: this.settings.strategy,
			audit: item.audit,
			suggested: top?.classId ?? null,
			confidence: top?.p ?? 0,
			labels: this.outcomes.labels,
			baseline: item.baseline
		};
	}

	/** Sets (or with null, clears) one class's own threshold. */
	changeClassThreshold(classId: string, value: number | null): Promise<void> {
		const classThresholds = { ...this.settings.classThresholds };
		if (value === null) delete classThresholds[classId];
		else classThresholds[classId] = value;
		return this.change({ classThresholds });
	}

	async change(patch: Partial<ActiveLearningSettings>): Promise<void> {
		try {
			await setActiveLearning(this.projectId, patch);
		} catch (error) {
			appErrors.show(error);
		}
	}

	/** Re-ranks in the worker; calls that arrive meanwhile collapse into one more run after it. */
	async refresh(): Promise<void> {
		if (this.ranking) {
			this.dirty = true;
			return;
		}
		this.ranking = true;
		try {
			do {
				this.dirty = false;
				const began = performance.now();
				const { strategy, auditShare, threshold, classThresholds, noveltyThreshold } = this.settings;
				const previous = this.items.map((i) => i.id);
				const within = await this.sliceIds();
				const result = await this.teach.inspect.rank({ strategyId: strategy, k: QUEUE_SIZE, auditShare, seed: this.teach.version + 1, previous, thresholds: { threshold, classThresholds, noveltyThreshold }, within });
				if (result) {
					[this.items, this.poolSize, this.preAcceptedCount, this.labelledClasses] = [result.picks, result.poolSize, result.preAccepted, result.labelledClasses];
					queueRanked(began);
				}
				for (const pick of this.items) this.asked.set(pick.id, pick);
				for (const id of this.asked.keys()) if (this.asked.size > ASKED_KEPT) this.asked.delete(id);
				// The queue's records, for its names and pictures (and so its labelled items drop out).
				void this.teach.index.ensure(this.items.map((i) => i.id));
			} while (this.dirty);
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.ranking = false;
		}
	}

	/** The samples of the slice the queue collects labels in (read once per slice), or undefined: the whole pool. */
	private async sliceIds(): Promise<string[] | undefined> {
		const slice = this.settings.slice;
		if (!slice) return undefined;
		const total = this.teach.index.total; // samples added since may be in it
		if (this.slice?.name !== slice || this.slice.total !== total) this.slice = { name: slice, total, ids: await sliceMembers(this.projectId, slice, this.teach.tabular) };
		return this.slice.ids;
	}

	destroy(): void {
		for (const stop of this.stops) stop();
	}
}
