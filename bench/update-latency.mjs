// update-latency: in the production build, the time from a human act (a key press that labels a
// sample) to the re-scored suggestions being painted, as the app itself measures it
// (performance.measure 'attune:update'), per backend. Also the main thread's long tasks meanwhile.
// --model pretrained: the project learns a head on an imported extractor's cached features (the tiny
// test graph model; after an act only the head trains and re-scores, so the extractor's size does not
// enter this figure; it enters at import and in saliency).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelByKeys, newProjectOn } from './app.mjs';
import { makeImages } from './shapes.mjs';
import { tinyGraphModel } from './tiny-models.mjs';

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

function percentile(sorted, p) {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Imports the tiny graph model from files, as a user would, and waits until the project uses it. */
async function importExtractor(page) {
	const model = tinyGraphModel();
	const folder = mkdtempSync(join(tmpdir(), 'attune-bench-model-'));
	const paths = [join(folder, 'model.json'), join(folder, model.weightsName)];
	writeFileSync(paths[0], JSON.stringify(model.json));
	writeFileSync(paths[1], model.weights);
	await page.getByText('Import a pretrained model…').click();
	await page.getByTestId('model-name').fill('edges');
	await page.getByTestId('model-files').setInputFiles(paths);
	await page.getByTestId('model-kind').getByText('edges: imported').waitFor({ timeout: 120_000 });
}

async function measureBackend(browser, origin, backend, acts, samples, model) {
	const context = await browser.newContext();
	const page = await context.newPage();
	try {
		const unavailable = await newProjectOn(page, origin, backend, `Latency ${backend}`, ['ring', 'bars']);
		if (unavailable) return { bench: 'update-latency', backend, available: false, reason: unavailable };
		if (model === 'pretrained') await importExtractor(page);
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
		await labelByKeys(page, acts, (i) => i % 10 === 9 && process.stderr.write(`${backend}: ${i + 1}/${acts} acts\n`));
		await page.waitForTimeout(200); // the last measure lands just after its frame
		const { durations, phases, longTasks } = await page.evaluate(() => ({
			durations: performance.getEntriesByName('attune:update').map((e) => e.duration),
			phases: Object.fromEntries(
				['store', 'notice', 'learn', 'paint'].map((p) => [p, performance.getEntriesByName(`attune:update:${p}`).map((e) => e.duration)])
			),
			longTasks: window.__longTasks
		}));
		const sorted = [...durations].sort((a, b) => a - b);
		const round = (v) => Math.round(v * 10) / 10;
		const median = (values) => round(percentile([...values].sort((a, b) => a - b), 50));
		return {
			bench: 'update-latency',
			backend,
			model,
			available: true,
			acts: durations.length,
			samples_rescored: samples,
			p50_ms: round(percentile(sorted, 50)),
			p95_ms: round(percentile(sorted, 95)),
			max_ms: round(sorted.at(-1)),
			// Where the time goes (medians): storing the act, the database change reaching the learner,
			// learning and re-scoring in the worker (with the round trip), painting.
			phase_p50_ms: Object.fromEntries(Object.entries(phases).map(([p, values]) => [p, median(values)])),
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
	const model = options.model ?? 'cnn';
	if (!['cnn', 'pretrained'].includes(model)) throw new Error(`--model is cnn or pretrained, not ${model}`);
	const lines = [];
	for (const backend of backends) {
		process.stderr.write(`update-latency on ${backend}…\n`);
		lines.push(await measureBackend(browser, origin, backend, acts, samples, model));
		console.log(JSON.stringify(lines.at(-1)));
	}
	return [];
}
