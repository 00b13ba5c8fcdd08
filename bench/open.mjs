// open: in the production build, how soon a big project is usable after opening it: a project of
// --n samples (50,000 by default) is filled straight into IndexedDB (seed.mjs), then opened in a fresh
// page as a user would: the time until the grid's first card is painted, until the focus panel shows a
// sample, and until a key press there is stored and learned (the model version goes up); then the
// page's and the workers' heaps, and how long the background scoring of every sample took. The app has
// been started once before in that browser, so it starts on the backends it measured then.
import { newProjectOn } from './app.mjs';
import { heapsMb, projectIdOf, seedSamples } from './seed.mjs';

export async function open({ onDisk, origin, options }) {
	const n = Number(options.n ?? 50000);
	const backend = options.backends ?? 'wasm';
	const context = await onDisk();
	try {
		const maker = context.pages()[0] ?? (await context.newPage());
		const unavailable = await newProjectOn(maker, origin, backend, `Open ${n}`, ['ring', 'bars']);
		if (unavailable) return [{ bench: 'open', backend, available: false, reason: unavailable }];
		process.stderr.write(`open: storing ${n} samples…\n`);
		await seedSamples(maker, projectIdOf(maker), n);
		const url = maker.url();
		// A returning user: the app has measured this device's backends at an earlier start.
		await maker.goto(`${origin}/`);
		await maker.getByTestId('backend').waitFor({ timeout: 120_000 });
		await maker.close();

		const page = await context.newPage();
		const started = Date.now();
		const since = () => Date.now() - started;
		await page.goto(url);
		await page.getByTestId('suggestion').first().waitFor({ timeout: 120_000 });
		const grid = since();
		await page.getByTestId('focus').locator('figcaption').first().waitFor({ timeout: 120_000 });
		const focus = since();
		const inUse = await page.getByTestId('backend').textContent();
		await page.keyboard.press('1');
		await page.getByTestId('focus').getByText('Labelled ring').or(page.getByText(`1 of ${n.toLocaleString('en')} labelled`)).first().waitFor({ timeout: 120_000 });
		const stored = since();
		await page.waitForFunction(() => Number(document.querySelector('[data-testid="model-version"]')?.textContent) > 0, undefined, { timeout: 300_000 });
		const learned = since();
		const heaps = await heapsMb(page);
		process.stderr.write('open: waiting for every sample to be scored…\n');
		// The status shows the pool the worker holds: every sample read once it says "of 50,000", every one scored once it goes.
		const whole = `of ${n.toLocaleString('en')}…`;
		await page.waitForFunction((text) => document.querySelector('[data-testid="scoring"]')?.textContent?.includes(text), whole, { timeout: 600_000, polling: 50 });
		await page.getByTestId('scoring').waitFor({ state: 'detached', timeout: 600_000 });
		const scored = since();
		const after = await heapsMb(page);
		return [{
			bench: 'open', backend: inUse, samples: n,
			grid_painted_ms: grid, focus_shown_ms: focus, first_act_stored_ms: stored, first_act_learned_ms: learned,
			...heaps, all_scored_ms: scored, page_heap_after_scoring_mb: after.page_heap_mb, worker_heap_after_scoring_mb: after.worker_heap_mb
		}];
	} finally {
		await context.close();
	}
}
