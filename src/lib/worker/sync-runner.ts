import * as tf from '@tensorflow/tfjs';
import type { ProjectSession } from '$lib/core/session/project-session';
import { BULK_EPOCHS, planHeld, planSync, type SyncPlan } from '$lib/core/session/sync-plan';
import type { BackendName } from '$lib/core/types';
import type { SyncRequest, SyncResult } from '$lib/core/session/types';
import type { Scheduler } from './scheduler';

/**
 * Carries out what the human did, as core/session/sync-plan.ts plans it: the news is recorded, undo
 * and redo put a version back, what the human waits for is learned at once and the rest is scheduled
 * in the background. Results go back as the answer; a background job's arrive through `news`.
 */
export class SyncRunner {
	constructor(
		private readonly scheduler: Scheduler<ProjectSession>,
		private readonly news: (result: SyncResult) => void
	) {}

	/** One sync: what the page found changed in the database since the last. */
	async sync(session: ProjectSession, request: SyncRequest): Promise<SyncResult> {
		const started = performance.now();
		await session.record(request);
		const restored = request.restore === undefined ? undefined : session.lineage.restore(request.restore);
		// Judged before it is learned: an honest held-out figure for the next kept version.
		if (!restored) await session.trainer.judgeUnseen(request.labels ?? []);
		const plan = planSync(request, session.pool, { restored: !!restored, frozen: session.trainer.frozen });
		await this.learnNow(session, plan);
		const trainMs = performance.now() - started;
		this.learnLater(plan);
		return { ...(await this.result(session, trainMs)), ...(restored === undefined ? {} : { restored }) };
	}

	/** Unfreezing: learns the acts held meanwhile; null when there were none. */
	async learnHeld(session: ProjectSession): Promise<SyncResult | null> {
		const plan = planHeld(session.pool.releaseHeld());
		if (plan.now.length === 0) return null;
		await this.learnNow(session, plan);
		return this.result(session, 0);
	}

	/** What the page shows after the weights changed: the version and every sample's suggestion. */
	async result(session: ProjectSession, trainMs: number): Promise<SyncResult> {
		return {
			version: session.version,
			revision: session.context.revision,
			suggestions: await session.scorer.suggest(),
			backend: tf.getBackend() as BackendName,
			trainMs,
			practising: this.scheduler.practising,
			held: session.pool.heldCount
		};
	}

	private async learnNow(session: ProjectSession, plan: SyncPlan): Promise<void> {
		session.pool.hold(plan.hold);
		if (plan.now.length === 0) return;
		session.lineage.checkpoint(); // for undo
		if (plan.bulk) await session.trainer.learnAll(BULK_EPOCHS, () => false);
		else for (const id of plan.now) await session.trainer.quickStep(id);
	}

	private learnLater({ later, everything }: SyncPlan): void {
		const started = performance.now();
		const report = async (session: ProjectSession) => this.news(await this.result(session, performance.now() - started));
		// The idle steps in the same job as the refinement: one model change, one set of new suggestions.
		if (later.length) this.scheduler.background(async ({ trainer }, stop) => (await trainer.refine(later, stop)) && ((await trainer.practise(stop)) || !stop()), report);
		// A region to ignore everywhere: a pass over everything the model trains on, penalty included.
		if (everything) this.scheduler.background(({ trainer }, stop) => trainer.learnAll(1, stop), report);
	}
}
