// update-latency: in the production build, the time from a human act (a key press that labels a
// sample) to the re-scored suggestions being painted, as the app itself measures it
// (performance.measure 'attune:update'), per backend. Also the main thread's long tasks meanwhile.
import { makeImages } from './shapes.mjs';

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

function percentile(sorted, p) {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measureBackend(browser, origin, backend, acts, samples) {
	const context = await browser.newContext();
	const page = await context.newPage();
	try {
		await page.goto(`${origin}/?backend=${backend}`);
		const shown = await page.getByTestId('backend').textContent({ timeout: 120_000 });
		if (shown !== backend) return { bench: 'update-latency', backend, available: false, reason: `the app fell back to ${shown}` };
		await page.getByTestId('project-name').fill(`Latency ${backend}`);
		await page.getByTestId('project-new').click();
		for (const name of ['ring', 'bars']) {
			await page.getByTestId('class-name').fill(name);
			await page.getByTestId('class-add').click();
		}
		const half = Math.ceil(samples / 2);
		const images = [...(await makeImages(page, 'ring', half, 3)), ...(await makeImages(page, 'bars', samples - half, 5))];
		await page.getByTestId('sample-upload').setInputFiles(images);
		await page.getByText(`0 of ${samples} labelled`).waitFor({ timeout: 120_000 });
		await page.getByTestId('focus').getByTestId('suggestion-confidence').waitFor({ timeout: 120_000 }).catch(async (error) => {
			const shownError = await page.getByTestId('error').allTextContents();
			throw new Error(`no suggestion appeared on ${backend}${shownError.length ? `; the app said: ${shownError.join(' | ')}` : ''}`, { cause: error });
		});
		await page.evaluate(() => {
			window.__longTasks = [];
			new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
		});
		const version = async () => Number(await page.getByTestId('model-version').textContent());
		for (let i = 0; i < acts; i++) {
			const before = await version();
			const name = await page.getByTestId('focus').locator('figcaption').first().textContent();
			await page.keyboard.press(name.startsWith('ring') ? '1' : '2');
			await page.waitForFunction((v) => Number(document.querySelector('[data-testid="model-version"]')?.textContent) > v, before, { timeout: 120_000 });
			if (i % 10 === 9) process.stderr.write(`${backend}: ${i + 1}/${acts} acts\n`);
		}
		await page.waitForTimeout(200); // the last measure lands just after its frame
		const { durations, longTasks } = await page.evaluate(() => ({
			durations: performance.getEntriesByName('attune:update').map((e) => e.duration),
			longTasks: window.__longTasks
		}));
		const sorted = [...durations].sort((a, b) => a - b);
		const round = (v) => Math.round(v * 10) / 10;
		return {
			bench: 'update-latency',
			backend,
			available: true,
			acts: durations.length,
			samples_rescored: samples,
			p50_ms: round(percentile(sorted, 50)),
			p95_ms: round(percentile(sorted, 95)),
			max_ms: round(sorted.at(-1)),
			main_thread_long_tasks: longTasks.length,
			main_thread_longest_task_ms: round(Math.max(0, ...longTasks))
		};
	} finally {
		await context.close();
	}
}

export async function updateLatency({ browser, origin, options }) {
	const acts = Number(options.acts ?? 50);
	const samples = Number(options.samples ?? 60);
	const backends = options.backends ? options.backends.split(',') : BACKENDS;
	const lines = [];
	for (const backend of backends) {
		process.stderr.write(`update-latency on ${backend}…\n`);
		lines.push(await measureBackend(browser, origin, backend, acts, samples));
		console.log(JSON.stringify(lines.at(-1)));
	}
	return [];
}
