import { describe, expect, it, vi } from 'vitest';
import { BackendFallback } from '$lib/core/backend/fallback';
import { BACKGROUND_WAITS_AT_MOST_MS, QUIET_AFTER_ACT_MS, Scheduler, type BackgroundTask } from '$lib/worker/scheduler';

/** A stand-in session: the scheduler only ever rebuilds and frees one. */
function session() {
	return { reload: vi.fn(async () => {}), dispose: vi.fn() };
}
type Session = ReturnType<typeof session>;

async function opened(backends: ConstructorParameters<typeof BackendFallback>[1] = ['wasm']) {
	const sut = new Scheduler<Session>();
	sut.useBackends(new BackendFallback('webgl', backends, async () => true));
	const s = session();
	await sut.open(async () => s);
	return { sut, s };
}

/** A job that waits until released. */
function gate() {
	let release = () => {};
	const done = new Promise<void>((resolve) => (release = resolve));
	return { done, release };
}

/** A background task of `steps` steps, each logged as `name:i`. */
function task(name: string, steps: number, log: string[], patch: Partial<BackgroundTask<Session>> = {}): BackgroundTask<Session> & { ended: ReturnType<typeof vi.fn> } {
	const ended = vi.fn(async (_: Session, finished: boolean) => void log.push(`${name} ${finished ? 'finished' : 'gave way'}`));
	return {
		learning: true,
		async *start() {
			for (let i = 0; i < steps; i++) {
				yield;
				await new Promise((resolve) => setTimeout(resolve, 5)); // a step takes a while, as an optimiser step does
				log.push(`${name}:${i}`);
			}
		},
		end: ended,
		ended,
		...patch
	};
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Scheduler', () => {
	it('runs one job at a time; the human’s acts go ahead of the queue’s ranking, then the page’s questions, then background work, each in arrival order', async () => {
		const { sut } = await opened();
		const ran: string[] = [];
		const first = gate();
		const job = (name: string, priority: 'urgent' | 'queue' | 'normal' | 'background') => sut.run(async () => void ran.push(name), priority);

		const running = sut.run(async () => (ran.push('running'), first.done));
		await vi.waitFor(() => expect(ran).toEqual(['running']), { interval: 1 });
		const jobs = [job('rescore 1', 'background'), job('explain 1', 'normal'), job('rank 1', 'queue'), job('act 1', 'urgent'), job('rescore 2', 'background'), job('explain 2', 'normal'), job('rank 2', 'queue'), job('act 2', 'urgent')];
		await tick();
		expect(ran).toEqual(['running']); // nothing overtakes the job in hand
		first.release();
		await Promise.all([running, ...jobs]);

		expect(ran).toEqual(['running', 'act 1', 'act 2', 'rank 1', 'rank 2', 'explain 1', 'explain 2', 'rescore 1', 'rescore 2']);
	});

	it('a background step that has waited too long behind the page’s questions goes ahead of them, never of an act or the ranking', async () => {
		const { sut } = await opened();
		const ran: string[] = [];
		const slow = (name: string) => async () => {
			await new Promise((resolve) => setTimeout(resolve, 100)); // a saliency map through a backbone takes a while
			ran.push(name);
		};
		const questions = Array.from({ length: Math.ceil((BACKGROUND_WAITS_AT_MOST_MS * 2) / 100) }, (_, i) => sut.run(slow(`map ${i}`), 'normal'));
		const step = sut.run(async () => void ran.push('features'), 'background');
		await vi.waitFor(() => expect(ran).toContain('features'), { timeout: BACKGROUND_WAITS_AT_MOST_MS * 3, interval: 20 });
		// Once it has waited its limit, an act and a ranking still come first.
		const urgent = [sut.run(async () => void ran.push('act'), 'urgent'), sut.run(async () => void ran.push('rank'), 'queue'), sut.run(async () => void ran.push('features 2'), 'background')];
		await Promise.all([...questions, step, ...urgent]);

		const at = ran.indexOf('features');
		expect(at).toBeGreaterThan(BACKGROUND_WAITS_AT_MOST_MS / 100 - 2); // it did wait behind the maps for a while
		expect(at).toBeLessThan(questions.length - 1); // but not behind all of them
		expect(ran.indexOf('act')).toBeLessThan(ran.indexOf('rank'));
		expect(ran.indexOf('act')).toBeLessThanOrEqual(at + 2); // ahead of the maps still waiting
		expect(ran.indexOf('rank')).toBe(ran.indexOf('act') + 1);
		expect(ran.at(-1)).toBe('features 2'); // a step that has not waited long stays behind them
	});

	it('runs a background task a step per job, so an act and the page’s questions come in between its steps', async () => {
		const { sut } = await opened();
		const log: string[] = [];
		const work = task('rescore', 4, log, { learning: false });

		sut.background(work);
		await vi.waitFor(() => expect(log).toContain('rescore:1'), { interval: 1 });
		await Promise.all([sut.run(async () => void log.push('act'), 'urgent'), sut.run(async () => void log.push('explain'))]);
		await vi.waitFor(() => expect(work.ended).toHaveBeenCalled());

		const act = log.indexOf('act');
		expect(act).toBeGreaterThan(log.indexOf('rescore:1'));
		expect(act).toBeLessThan(log.indexOf('rescore:3'));
		expect(log.indexOf('explain')).toBe(act + 1);
		expect(log.at(-1)).toBe('rescore finished');
	});

	it('background tasks run one after another, and all give way once the human acts; loading the project keeps going', async () => {
		const { sut } = await opened();
		const log: string[] = [];
		const learning = task('learn', 50, log);
		const rescoring = task('rescore', 50, log, { learning: false });
		const loading = task('load', 5, log, { learning: false, keepsGoing: true });

		sut.background(loading);
		sut.background(learning);
		sut.background(rescoring);
		expect(sut.practising).toBe(true);
		await vi.waitFor(() => expect(log).toContain('learn:1'), { interval: 1 });
		sut.humanActed();
		await vi.waitFor(() => expect(rescoring.ended).toHaveBeenCalled());

		expect(log.slice(0, 6)).toEqual(['load:0', 'load:1', 'load:2', 'load:3', 'load:4', 'load finished']);
		expect(log.filter((l) => l.startsWith('learn:')).length).toBeLessThan(10);
		expect(log.slice(-2)).toEqual(['learn gave way', 'rescore gave way']); // it never began: the act came first
		expect(log.some((l) => l.startsWith('rescore:'))).toBe(false);
		expect(sut.practising).toBe(false);
		expect(sut.busy).toBe(false);
	});

	it('a task given after the act is not stopped by it', async () => {
		const { sut } = await opened();
		const log: string[] = [];
		sut.humanActed();
		const after = task('after', 3, log);

		sut.background(after);
		await vi.waitFor(() => expect(after.ended).toHaveBeenCalled());

		expect(log).toEqual(['after:0', 'after:1', 'after:2', 'after finished']);
	});

	it('after an act, background learning and loading the project wait a quiet moment before their next step; the page’s questions do not', async () => {
		const { sut } = await opened();
		const log: string[] = [];
		const stepsAt: number[] = [];
		sut.humanActed();
		const acted = performance.now();
		const refine = task('refine', 2, log, {
			async *start() {
				for (let i = 0; i < 2; i++) {
					yield;
					stepsAt.push(performance.now() - acted);
					log.push(`refine:${i}`);
				}
			}
		});

		const loading = task('load', 1, log, {
			learning: false,
			keepsGoing: true,
			async *start() {
				yield;
				stepsAt.push(performance.now() - acted);
				log.push('load:0');
			}
		});
		sut.background(loading);
		sut.background(refine);
		await sut.run(async () => void log.push('explain'));
		const explained = performance.now() - acted;
		await vi.waitFor(() => expect(refine.ended).toHaveBeenCalled(), { timeout: 5000, interval: 5 });

		expect(log).toEqual(['explain', 'load:0', 'load finished', 'refine:0', 'refine:1', 'refine finished']);
		expect(explained).toBeLessThan(QUIET_AFTER_ACT_MS);
		expect(stepsAt[0]).toBeGreaterThanOrEqual(QUIET_AFTER_ACT_MS);
		expect(stepsAt[1]).toBeGreaterThanOrEqual(QUIET_AFTER_ACT_MS);
	});

	it('when the backend dies mid-job, rebuilds the session on the next one and runs the job again; a background task begun before is over', async () => {
		const { sut, s } = await opened(['wasm']);
		const log: string[] = [];
		let tries = 0;
		const blocker = gate();
		void sut.run(() => blocker.done);
		const before = task('before', 5, log);
		sut.background(before);

		const result = sut.run(async () => {
			if (++tries === 1) throw new Error('GPU device lost');
			return 'done';
		});
		blocker.release();

		expect(await result).toBe('done');
		expect(s.reload).toHaveBeenCalledTimes(1);
		await vi.waitFor(() => expect(before.ended).toHaveBeenCalled());
		expect(log).toEqual(['before gave way']);
	});

	it('frees the old session when another opens or it closes, and refuses work with none open', async () => {
		const { sut, s } = await opened();
		const next = session();

		await sut.open(async () => next);
		sut.closeInTurn();
		await sut.serial(async () => {});

		expect(s.dispose).toHaveBeenCalledTimes(1);
		expect(next.dispose).toHaveBeenCalledTimes(1);
		expect(sut.isOpen).toBe(false);
		await expect(sut.run(async () => 1)).rejects.toThrow('No project is open.');
	});
});
