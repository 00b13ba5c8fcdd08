import * as tf from '@tensorflow/tfjs';
import type { ProjectSession } from '$lib/core/session/project-session';
import { BULK_EPOCHS, BULK_STEPS_NOW, planHeld, planSync, type SyncPlan } from '$lib/core/session/sync-plan';
import type { SyncNews, SyncRequest, SyncResult } from '$lib/core/session/types';
import type { BackendName } from '$lib/core/types';
import type { Scheduler } from './scheduler';
import { loadProject, type LoadOptions } from './session-loader';
import type { Judgement } from '$lib/core/quality/teaching-history';

/**
 * Labelled pictures whose features an act computes at once if they have none yet (each ~60 ms on
 * WASM): an act learns what it labelled; a folder of labelled photos waits for the background.
 */
const FEATURES_NOW = 8;
/** Labelled pictures the background gives features to before they are learned together (one solve of the head for many). */
const LEARN_FILLED_EVERY = 64;

/**
 * Carries out what the human did, as core/session/sync-plan.ts plans it: the news is recorded, undo
 * and redo put a version back, what the human waits for is learned at once and the samples the page
 * shows are scored; the rest of the learning, then re-scoring the rest of the pool, run in the
 * background and send their results through `news`.
 */
export class SyncRunner {
	/** The newest change that came while acts were held (frozen): learned once they are. */
	private heldThrough = -Infinity;
	/** Whether a step of feature extraction is queued or running. */
	private extracting = false;
	/** Labelled samples that got features in the background and are not learned yet. */
	private labelledFilled: string[] = [];
	/** Labels that arrived while their picture had no features: learned once the background finds or makes them. */
	private readonly awaitingFeatures = new Set<string>();

	constructor(
		private readonly scheduler: Scheduler<ProjectSession>,
		private readonly news: (result: SyncResult) => void
	) {}

	/** One sync: what changed in the database since the last, and what the page shows now. */
	async sync(session: ProjectSession, request: SyncRequest): Promise<SyncResult> {
		const started = performance.now();
		const revision = session.context.revision;
		if (request.wanted) session.scorer.wanted = request.wanted;
		const news = await session.record(request);
		const restored = request.restore === undefined ? undefined : session.lineage.restore(request.restore);
		await this.learn(session, news, { restored: !!restored, rescore: news.added.length > 0 || session.context.revision !== revision });
		const answer = await this.answer(session, 0);
		return { ...answer, workMs: performance.now() - started, ...(restored === undefined ? {} : { restored }) };
	}

	/** Learns what news there is, as the plan says: now, and the rest in the background, then re-scores the pool if anything changed. */
	async learn(session: ProjectSession, news: SyncNews, { restored, rescore }: { restored: boolean; rescore: boolean }): Promise<void> {
		const { features } = session.context;
		if (features) {
			await features.fill(news.labels.slice(0, FEATURES_NOW).flatMap((l) => session.pool.get(l.sampleId) ?? []));
			for (const { sampleId } of news.labels) if (!features.cache.has(sampleId)) this.awaitingFeatures.add(sampleId);
		}
		// Judged before it is learned: an honest held-out figure for the next kept version.
		const judged = restored ? [] : await session.trainer.judgeUnseen(news.labels);
		const plan = planSync(news, session.pool, { restored, frozen: session.trainer.frozen });
		recordTeaching(session, news, plan, judged);
		await this.learnNow(session, plan);
		// What is held (frozen) is not learned: the weights' claim stays where it was until it is.
		if (session.pool.heldCount > 0) this.heldThrough = Math.max(this.heldThrough, news.through);
		else session.lineage.learnedThrough = Math.max(session.lineage.learnedThrough, news.through);
		this.learnLater(session, plan);
		if (session.baseline.behind) this.catchUpBaseline();
		if (judged.length > 0 || plan.now.length > 0 || news.added.length > 0) this.review();
		if (rescore || plan.now.length > 0 || plan.everything) this.rescore();
		this.extract(session);
	}

	/**
	 * Features for the pictures that have none yet (a model on a pretrained backbone), one step per
	 * background task, so that what an act starts runs between steps: what the page shows first, then
	 * the labelled ones, then the rest. Each step's new suggestions go to the page, with the progress;
	 * labelled pictures are learned once LEARN_FILLED_EVERY have features, or the last of them has.
	 * It goes on after a reload: features are kept as they are made (core/session/features.ts).
	 */
	private extract(session: ProjectSession): void {
		if (this.extracting || !session.context.features?.hasPending) return;
		this.extracting = true;
		this.scheduler.background({
			learning: false,
			keepsGoing: true,
			start: (s) => this.extractStep(s),
			end: async (s) => {
				this.extracting = false;
				const news = this.takeLabelledFilled(s, !s.context.features?.hasPending);
				if (news) await this.learn(s, news, { restored: false, rescore: false });
				else this.extract(s);
			}
		});
	}

	private async *extractStep(session: ProjectSession): AsyncGenerator<void, void> {
		yield;
		const { features } = session.context;
		if (!features) return;
		const { ids, kept } = await features.fillNext([...session.scorer.wanted, ...session.pool.labelledSampleIds()]);
		// Features kept from an earlier session were learned then, unless their label came since.
		const unlearned = ids.filter((id) => session.pool.isLabelled(id) && (!kept || this.awaitingFeatures.has(id)));
		for (const id of ids) this.awaitingFeatures.delete(id);
		this.labelledFilled.push(...unlearned);
		const suggestions = await session.scorer.suggest(ids); // first: the status counts them as scored
		this.news({ ...this.status(session, 0), suggestions, partial: true });
	}

	/** The labelled samples that got features, as news to learn: when there are enough of them, or `all`. */
	private takeLabelledFilled(session: ProjectSession, all: boolean): SyncNews | undefined {
		if (this.labelledFilled.length === 0 || (!all && this.labelledFilled.length < LEARN_FILLED_EVERY)) return undefined;
		const labels = this.labelledFilled.map((sampleId) => ({ sampleId, classId: session.pool.get(sampleId)?.classId ?? null }));
		this.labelledFilled = [];
		return { labels, masks: [], added: [], signals: [], through: -Infinity };
	}

	/** The weights were put back to a kept version: marked on the learning curve. */
	rolledBack(session: ProjectSession): void {
		session.teaching.marked('rollback', session.pool.labelledCount, session.version);
		this.review();
	}

	/** The calibration refitted and the novelty reference rebuilt, in the background, before the pool is re-scored with them. */
	private review(): void {
		this.scheduler.background({
			learning: false,
			async *start(session) {
				yield;
				await session.reviewTeaching();
			}
		});
	}

	/**
	 * Opening: the project's samples are read from the database in the background, what the page shows
	 * first (scored and sent at once); then what came after the saved model is learned, and the pool is
	 * scored. The human's acts run between the pages read.
	 */
	load(options: LoadOptions): void {
		this.scheduler.background({ learning: false, keepsGoing: true, start: (session) => this.loading(session, options) });
	}

	private async *loading(session: ProjectSession, options: LoadOptions): AsyncGenerator<void, void> {
		const news = yield* loadProject(session, options, async () => this.news({ ...(await this.answer(session, 0)), partial: true }));
		await this.learn(session, news, { restored: false, rescore: true });
		this.news(await this.answer(session, 0));
	}

	/** Unfreezing: learns the acts held meanwhile; null when there were none. */
	async learnHeld(session: ProjectSession): Promise<SyncResult | null> {
		const plan = planHeld(session.pool.releaseHeld());
		if (plan.now.length === 0) return null;
		await this.learnNow(session, plan);
		session.lineage.learnedThrough = Math.max(session.lineage.learnedThrough, this.heldThrough);
		this.rescore();
		return this.answer(session, 0);
	}

	/** The weights changed outside a sync (a rollback, a refit): the pool is re-scored in the background. */
	changed(): void {
		this.rescore();
	}

	/** What the page shows after the weights changed: the version, fresh suggestions for what it shows, and the status. */
	async answer(session: ProjectSession, workMs: number): Promise<SyncResult> {
		const suggestions = await session.scorer.suggest(session.scorer.wanted); // first: the status counts them as scored
		return { ...this.status(session, workMs), suggestions };
	}

	private status(session: ProjectSession, workMs: number): Omit<SyncResult, 'suggestions'> {
		return {
			version: session.version,
			revision: session.context.revision,
			pool: session.pool.size,
			scored: session.scorer.freshCount(),
			backend: tf.getBackend() as BackendName,
			workMs,
			practising: this.scheduler.practising,
			held: session.pool.heldCount,
			model: session.modelInForce,
			fromPool: session.trainer.fromPool,
			...(session.context.features ? { features: session.context.features.progress } : {})
		};
	}

	private async learnNow(session: ProjectSession, plan: SyncPlan): Promise<void> {
		session.pool.hold(plan.hold);
		if (plan.now.length === 0) return;
		session.lineage.checkpoint(); // for undo
		if (!plan.bulk) {
			for (const id of plan.now) await session.trainer.quickStep(id);
			return;
		}
		const rest = await session.trainer.learnMany(BULK_EPOCHS, BULK_STEPS_NOW);
		if (rest) this.scheduler.background({ learning: true, start: () => rest, end: (s, finished) => this.learned(s, finished) });
	}

	private learnLater(session: ProjectSession, { later, everything }: SyncPlan): void {
		// The idle steps in the same task as the refinement: one model change, one set of new suggestions.
		// Asked for now, not when the task starts: the act owes its idle steps even if the next act comes first.
		if (later.length) {
			const steps = session.trainer.afterAct(later);
			this.scheduler.background({ learning: true, start: () => steps, end: (s, finished) => this.learned(s, finished) });
		}
		// A region to ignore everywhere: a pass over everything the model trains on, penalty included.
		if (everything) this.scheduler.background({ learning: true, start: ({ trainer }) => trainer.passOverAll(), end: (s, finished) => this.learned(s, finished) });
	}

	/**
	 * Background learning ended: fresh suggestions for what the page shows. A task that gave way leaves
	 * the news to the act it gave way to, unless it was the last: the page must hear that nothing is
	 * practising any more.
	 */
	private async learned(session: ProjectSession, finished: boolean): Promise<void> {
		if (finished || !this.scheduler.practising) this.news(await this.answer(session, 0));
	}

	/**
	 * The audit baseline learns the audit picks labelled since it last did, one per background step,
	 * before the pool is re-scored (a re-scoring of 50,000 samples would starve it): the queue's next
	 * audit picks carry its guess. Gives way to the human's next act, as the rest of the learning does.
	 */
	private catchUpBaseline(): void {
		const stop = this.scheduler.untilNextAct();
		this.scheduler.background({
			learning: false,
			async *start({ baseline }) {
				for (let more = true; more; more = await baseline.learnNext(stop)) yield;
			}
		});
	}

	/** Re-scores the pool with the current weights, a chunk per background step, each chunk sent as it is done. */
	private rescore(): void {
		this.scheduler.background({
			learning: false,
			start: (session) => this.rescoreSteps(session),
			end: async (session, finished) => {
				if (finished) this.news(await this.answer(session, 0));
			}
		});
	}

	/** Each step's fresh suggestions go to the page: the queue's threshold decides with them, shown or not. */
	private async *rescoreSteps(session: ProjectSession): AsyncGenerator<void, void> {
		for (;;) {
			yield;
			const suggestions = await session.scorer.rescoreNext();
			if (suggestions.length === 0) return;
			this.news({ ...this.status(session, 0), suggestions, partial: true });
		}
	}
}

/**
 * What the acts of a sync were, for the insights: an import (many labels at once) is a mark on the
 * learning curve; otherwise each label is a confirmation or a correction of what the model said, each
 * painted explanation an act of painting (and a mark), each learned signal a rating or an implicit one.
 */
function recordTeaching(session: ProjectSession, news: SyncNews, plan: SyncPlan, judged: readonly Judgement[]): void {
	const { teaching } = session;
	const [labels, version] = [session.pool.labelledCount, session.version];
	if (plan.bulk) return teaching.marked('import', labels, version);
	if (plan.now.length === 0 && !plan.everything) return;
	for (const j of judged) teaching.acted(j.right ? 'label' : 'correction');
	const painted = news.masks.length > 0 || !!plan.everything;
	if (painted) {
		teaching.acted('painting');
		teaching.marked('explanation', labels, version);
	}
	for (const s of news.signals) if (s.learn && s.target) teaching.acted(s.target.kind ?? 'rating');
}
