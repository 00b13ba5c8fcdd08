import type { BackendFallback } from '$lib/core/backend/fallback';
import type { BackendName } from '$lib/core/types';

/** What the scheduler needs of a session: a way to rebuild itself on another backend. */
export interface Rebuildable {
	reload(): Promise<void>;
	dispose(): void;
}

interface QueuedJob {
	urgent: boolean;
	run: () => void;
}

/**
 * The learner worker's one line of work, and when each piece may run.
 *
 * - One call at a time, so an explanation never sees a half-remapped model. Urgent work (what the
 *   human just did: an act's sync, opening or closing a project, a save in order with the acts) goes
 *   ahead of everything waiting that is not, in arrival order among itself: an act is never queued
 *   behind a screenful of saliency maps for the model it is about to replace.
 * - Work on the session runs on the current backend; if that backend dies mid-way, the session is
 *   rebuilt on the next one and the work runs again (BackendFallback).
 * - Background learning gives way the moment the human acts again, and is counted while queued or
 *   running, so results can say whether the model is still practising.
 */
export class Scheduler<S extends Rebuildable> {
	private readonly queue: QueuedJob[] = [];
	private running = false;
	private session: S | undefined;
	/** The backend the session's tensors live on. */
	private sessionBackend: BackendName | undefined;
	private fallback: BackendFallback | undefined;
	/** How many times the human has acted: work begun before the latest act gives way. */
	private acts = 0;
	private backgroundJobs = 0;

	/** The backends to run on, once the worker has chosen them. */
	useBackends(fallback: BackendFallback): void {
		this.fallback = fallback;
	}

	/** Whether a project is open (its session made). */
	get isOpen(): boolean {
		return !!this.session;
	}

	/** Whether background learning is queued or running: better suggestions will follow. */
	get practising(): boolean {
		return this.backgroundJobs > 0;
	}

	/** Runs `work` when its turn comes: urgent work before all that is not. */
	serial<T>(work: () => Promise<T>, urgent = false): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			const job: QueuedJob = { urgent, run: () => void work().then(resolve, reject).finally(() => this.runNext()) };
			const at = urgent ? this.queue.findIndex((j) => !j.urgent) : -1;
			if (at >= 0) this.queue.splice(at, 0, job);
			else this.queue.push(job);
			if (!this.running) this.runNext();
		});
	}

	/** Runs `work` on the open session in its turn, on the current backend (moving to the next if it dies). */
	run<T>(work: (session: S) => Promise<T>, urgent = false): Promise<T> {
		return this.serial(async () => {
			if (!this.fallback) throw new Error('The learner has not started yet.');
			return this.fallback.run(async (backend) => {
				const session = this.session;
				if (!session) throw new Error('No project is open.');
				if (this.sessionBackend && this.sessionBackend !== backend) await session.reload();
				this.sessionBackend = backend;
				return work(session);
			});
		}, urgent);
	}

	/** Replaces the open session (urgent: the human is waiting for the project). */
	open(make: () => Promise<S>): Promise<void> {
		return this.serial(async () => {
			this.close();
			this.session = await make();
			this.sessionBackend = this.fallback?.current;
		}, true);
	}

	/** Closes the open session in its turn. */
	closeInTurn(): void {
		void this.serial(async () => this.close(), true);
	}

	/** The human acted: background learning, a refit and the audit baseline's catching up give way at once. */
	humanActed(): void {
		this.acts++;
	}

	/** A stop for work that must give way to the human's next act: true once they have acted since. */
	untilNextAct(): () => boolean {
		const at = this.acts;
		return () => this.acts !== at;
	}

	/**
	 * Learning that runs after the human has their answer and gives way to their next act (whose own
	 * update replays what this one was learning). `report` runs when there is news: the job learned, or
	 * it was the last one, so the page hears that nothing is practising any more.
	 */
	background(learn: (session: S, stop: () => boolean) => Promise<boolean>, report: (session: S) => Promise<void>): void {
		const stop = this.untilNextAct();
		this.backgroundJobs++;
		void this.run(async (session) => !stop() && (await learn(session, stop)))
			.catch(() => false) // a failure here is retried by the next act's own update
			.then((learned) => {
				this.backgroundJobs--;
				if (learned || this.backgroundJobs === 0) return this.run(report);
			})
			.catch(() => undefined);
	}

	private close(): void {
		this.session?.dispose();
		this.session = undefined;
	}

	private runNext(): void {
		const job = this.queue.shift();
		this.running = !!job;
		job?.run();
	}
}
