import type { BackendFallback } from '$lib/core/backend/fallback';
import { nextTask } from '$lib/core/model/drive';
import type { BackendName } from '$lib/core/types';

/** What the scheduler needs of a session: a way to rebuild itself on another backend. */
export interface Rebuildable {
	reload(): Promise<void>;
	dispose(): void;
}

/**
 * Who is waiting: the human's act (urgent), the queue's ranking after it (what the human is asked
 * next: a job of a few milliseconds), the page asking something it shows (normal: maps, neighbours),
 * or work nobody waits for (background: learning on after an act, re-scoring the pool).
 */
export type Priority = 'urgent' | 'queue' | 'normal' | 'background';
const ORDER: Record<Priority, number> = { urgent: 0, queue: 1, normal: 2, background: 3 };
/**
 * Background work waits this long after an act before its next step: what the page asks right after
 * an act (the queue, the maps in view) goes first, and a human labelling fast does not wait for a step
 * in hand (one of the CNN's on WASM takes ~170 ms on 2 cores).
 */
export const QUIET_AFTER_ACT_MS = 400;

/**
 * A background step that has waited this long runs ahead of the page's questions (never of an act or
 * the queue's ranking): a screenful of saliency maps through a pretrained backbone (~1 s each on WASM
 * on 2 cores, asked again after every act) would otherwise hold the pictures' features back for minutes,
 * and without them those pictures get no suggestion at all.
 */
export const BACKGROUND_WAITS_AT_MOST_MS = 1500;

interface QueuedJob {
	priority: Priority;
	queuedAt: number;
	run: () => void;
}

/**
 * Background work as steps (a generator that pauses before each): one step per job, so anything more
 * pressing runs in between. Tasks run one after another, in the order they were given.
 */
export interface BackgroundTask<S> {
	start(session: S): AsyncGenerator<void, void>;
	/** Whether it counts as learning ("practising…" on the page) rather than re-scoring or loading. */
	learning: boolean;
	/**
	 * Loading the project keeps going when the human acts (after a quiet moment, like every background
	 * step: its reads would hold up the act's write); everything else gives way.
	 */
	keepsGoing?: boolean;
	/** After the last step (`finished`), or once it gave way to the human's next act. */
	end?(session: S, finished: boolean): Promise<void>;
}

/**
 * The learner worker's one line of work, and when each piece may run.
 *
 * - One job at a time, so an explanation never sees a half-remapped model. Waiting jobs run by
 *   priority, in arrival order within one: an act is never queued behind a screenful of saliency maps
 *   for the model it is about to replace, the queue's ranking after it not behind the focused
 *   sample's refined map, and none of them waits for background steps, unless a step has waited
 *   BACKGROUND_WAITS_AT_MOST_MS behind the page's questions. Each job starts in
 *   a task of its own, so the page's messages are received in between.
 * - Work on the session runs on the current backend; if that backend dies mid-way, the session is
 *   rebuilt on the next one and the work runs again (BackendFallback).
 * - Background tasks run a step per job and give way (stop) the moment the human acts again.
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
	private lastActAt = -Infinity;
	private learningTasks = 0;
	/** Background tasks waiting or running, the running one first. */
	private readonly tasks: (() => void)[] = [];
	/** Goes up when the session is rebuilt on another backend: a background task begun before then is over. */
	private rebuilt = 0;

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
		return this.learningTasks > 0;
	}

	/** Whether any background task (learning, re-scoring, loading) is queued or running. */
	get busy(): boolean {
		return this.tasks.length > 0;
	}

	/** Runs `work` when its turn comes. */
	serial<T>(work: () => Promise<T>, priority: Priority = 'normal'): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			const job: QueuedJob = { priority, queuedAt: performance.now(), run: () => void work().then(resolve, reject).finally(() => this.runNext()) };
			const at = this.queue.findIndex((j) => ORDER[j.priority] > ORDER[priority]);
			if (at >= 0) this.queue.splice(at, 0, job);
			else this.queue.push(job);
			if (!this.running) this.runNext();
		});
	}

	/** Runs `work` on the open session in its turn, on the current backend (moving to the next if it dies). */
	run<T>(work: (session: S) => Promise<T>, priority: Priority = 'normal'): Promise<T> {
		return this.serial(async () => {
			if (!this.fallback) throw new Error('The learner has not started yet.');
			return this.fallback.run(async (backend) => {
				const session = this.session;
				if (!session) throw new Error('No project is open.');
				if (this.sessionBackend && this.sessionBackend !== backend) {
					await session.reload();
					this.rebuilt++;
				}
				this.sessionBackend = backend;
				return work(session);
			});
		}, priority);
	}

	/** Replaces the open session (urgent: the human is waiting for the project). */
	open(make: () => Promise<S>): Promise<void> {
		return this.serial(async () => {
			this.close();
			this.session = await make();
			this.sessionBackend = this.fallback?.current;
		}, 'urgent');
	}

	/** Closes the open session in its turn. */
	closeInTurn(): void {
		void this.serial(async () => this.close(), 'urgent');
	}

	/** The human acted: background work, a refit and the audit baseline's catching up give way at once. */
	humanActed(): void {
		this.acts++;
		this.lastActAt = performance.now();
	}

	/** A stop for work that must give way to the human's next act: true once they have acted since. */
	untilNextAct(): () => boolean {
		const at = this.acts;
		return () => this.acts !== at;
	}

	/** Runs a background task a step at a time, behind everything else and after the tasks given before it, until it ends or the human acts. */
	background(task: BackgroundTask<S>): void {
		const stop = task.keepsGoing ? () => false : this.untilNextAct();
		if (task.learning) this.learningTasks++;
		this.tasks.push(() => void this.runTask(task, stop));
		if (this.tasks.length === 1) this.tasks[0]!();
	}

	private async runTask(task: BackgroundTask<S>, stop: () => boolean): Promise<void> {
		let steps: AsyncGenerator<void, void> | undefined;
		const rebuilt = this.rebuilt;
		const over = () => stop() || this.rebuilt !== rebuilt; // a rebuilt session's tensors are not the ones it began with
		let finished = false;
		try {
			for (;;) {
				await this.quietSinceAct();
				const more = await this.run(async (session) => {
					if (over()) return false;
					steps ??= task.start(session);
					return !(await steps.next()).done;
				}, 'background');
				if (!more) break;
			}
			finished = !over();
		} catch {
			// A failure here is retried by the next act's own update.
		} finally {
			await steps?.return().catch(() => undefined);
			if (task.learning) this.learningTasks--;
		}
		if (task.end) await this.run((session) => task.end!(session, finished)).catch(() => undefined);
		this.tasks.shift();
		this.tasks[0]?.();
	}

	/** Waits until QUIET_AFTER_ACT_MS have passed since the human last acted. */
	private async quietSinceAct(): Promise<void> {
		for (let wait = this.lastActAt + QUIET_AFTER_ACT_MS - performance.now(); wait > 0; wait = this.lastActAt + QUIET_AFTER_ACT_MS - performance.now()) {
			await new Promise((resolve) => setTimeout(resolve, wait));
		}
	}

	private close(): void {
		this.session?.dispose();
		this.session = undefined;
	}

	private runNext(): void {
		const starved = this.queue[0]?.priority === 'normal' ? this.queue.findIndex((j) => j.priority === 'background' && performance.now() - j.queuedAt > BACKGROUND_WAITS_AT_MOST_MS) : -1;
		const job = this.queue.splice(Math.max(starved, 0), 1)[0];
		this.running = !!job;
		if (job) void nextTask().then(job.run);
	}
}
