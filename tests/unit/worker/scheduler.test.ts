import { describe, expect, it, vi } from 'vitest';
import { BackendFallback } from '$lib/core/backend/fallback';
import { Scheduler } from '$lib/worker/scheduler';

/** A stand-in session: the scheduler only ever rebuilds and frees one. */
function session() {
	return { reload: vi.fn(async () => {}), dispose: vi.fn() };
}

async function opened(backends: ConstructorParameters<typeof BackendFallback>[1] = ['wasm']) {
	const sut = new Scheduler<ReturnType<typeof session>>();
	sut.useBackends(new BackendFallback('webgl', backends, async () => true));
	const s = session();
	await sut.open(async () => s);
	return { sut, s };
}

/** A job that waits for `release` and records its name when it runs. */
function gate() {
	let release = () => {};
	const done = new Promise<void>((resolve) => (release = resolve));
	return { done, release };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Scheduler', () => {
	it('runs one job at a time; urgent work goes ahead of everything waiting that is not, in the order it came', async () => {
		const { sut } = await opened();
		const ran: string[] = [];
		const first = gate();
		const job = (name: string, urgent = false) => sut.run(async () => void ran.push(name), urgent);

		const running = sut.run(async () => (ran.push('running'), first.done));
		const jobs = [job('explain 1'), job('explain 2'), job('act 1', true), job('explain 3'), job('act 2', true)];
		await tick();
		expect(ran).toEqual(['running']); // nothing overtakes the job in hand
		first.release();
		await Promise.all([running, ...jobs]);

		expect(ran).toEqual(['running', 'act 1', 'act 2', 'explain 1', 'explain 2', 'explain 3']);
	});

	it('background learning gives way the moment the human acts, and is counted until it has ended', async () => {
		const { sut } = await opened();
		const steps: number[] = [];
		const report = vi.fn(async () => {});
		const blocker = gate();
		void sut.run(() => blocker.done); // keeps the background job queued for now

		sut.background(async (_, stop) => {
			for (let i = 0; i < 100 && !stop(); i++) (steps.push(i), await tick());
			return !stop();
		}, report);
		expect(sut.practising).toBe(true);
		blocker.release();
		await tick();
		await tick();
		sut.humanActed();
		await vi.waitFor(() => expect(report).toHaveBeenCalledTimes(1));

		expect(steps.length).toBeGreaterThan(0);
		expect(steps.length).toBeLessThan(10);
		expect(sut.practising).toBe(false);
	});

	it('a job that gave way to a newer one leaves the news to it; the last one always reports, so "practising" ends', async () => {
		const { sut } = await opened();
		const reports: string[] = [];
		const blocker = gate();
		void sut.run(() => blocker.done);

		sut.background(async () => false, async () => void reports.push('gave way'));
		sut.background(async () => true, async () => void reports.push('learned'));
		expect(sut.practising).toBe(true);
		blocker.release();
		await vi.waitFor(() => expect(reports).toEqual(['learned']));
		sut.background(async () => false, async () => void reports.push('last, gave way'));
		await vi.waitFor(() => expect(reports).toEqual(['learned', 'last, gave way']));

		expect(sut.practising).toBe(false);
	});

	it('work queued before an act and run after it gives way at once', async () => {
		const { sut } = await opened();
		const learned = vi.fn(async () => true);
		const blocker = gate();
		void sut.run(() => blocker.done);

		sut.background(learned, async () => {});
		const stop = sut.untilNextAct();
		sut.humanActed();
		blocker.release();
		await vi.waitFor(() => expect(sut.practising).toBe(false));

		expect(learned).not.toHaveBeenCalled();
		expect(stop()).toBe(true);
		expect(sut.untilNextAct()()).toBe(false);
	});

	it('when the backend dies mid-job, rebuilds the session on the next one and runs the job again', async () => {
		const { sut, s } = await opened(['wasm']);
		let tries = 0;

		const result = await sut.run(async () => {
			if (++tries === 1) throw new Error('GPU device lost');
			return 'done';
		});

		expect(result).toBe('done');
		expect(s.reload).toHaveBeenCalledTimes(1);
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
