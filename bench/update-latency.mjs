// update-latency: in the production build, the time from a human act (a key press that labels a
// sample) to the re-scored suggestions of what is on screen being painted, as the app itself measures
// it (performance.measure 'attune:update'), per backend and project size (--samples 60,5000,50000:
// each filled straight into IndexedDB by seed.mjs, then opened). Also the main thread's long tasks
// meanwhile, and the page's and the workers' heaps at the end.
// --pause-ms: how long the human looks at the new suggestion before the next act (0: the next key is
// pressed as soon as the new version shows, so the learner's follow-up work for one act, the queue
// and the map in view, is often still running when the next one comes).
// --settle: the acts begin once the learner has read and scored the whole project (an open project
// at work); without it they begin as soon as the focused sample has its suggestion, while the worker
// is still reading a big project in (just opened).
// --class: the project is made a class's model first (a class server on this machine), so every act
// is also written to the class's copy and replicated while the next acts are timed (the teacher's device).
// --kind sound: a sound project of whistles and clicks (16 kHz WAVs, their spectrograms the model's
// input, made by bench/sounds.ts) instead of pictures of rings and bars.
// --model pretrained: the project learns a head on an imported extractor's cached features (the tiny
// test graph model; after an act only the head trains and re-scores, so the extractor's size does not
// enter this figure; it enters at import and in saliency).
// --model builtin: a picture project on the built-in MobileNetV2, its features extracted in the
// background after the reload. Without --settle the acts come while that runs (each line says whether
// it still ran when the acts began and ended); with --settle they wait until every picture has its
// features: the same project with no extraction running.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelByKeys, newProjectOn } from './app.mjs';
import { heapsMb, projectIdOf, seedSamples, seedSounds } from './seed.mjs';
import { importTs } from './ts-runner.mjs';
import { tinyGraphModel } from './tiny-models.mjs';
import { startClassServer } from '../src/class-server/server.js';

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** 24 whistles and 24 clicks as a sound project stores them, made by the app's own sound code. */
async function soundClips() {
	const { module, close } = await importTs('/bench/sounds.ts');
	try {
		return module.storedClips(24);
	} finally {
		await close();
	}
}

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

/**
 * A project of `samples` rings and bars (or clips) on `backend` (imported extractor too, for --model
 * pretrained), open and suggesting: how long that took from the reload, in ms; or why it is unavailable.
 */
async function projectOf(page, origin, backend, samples, model, settle, clips) {
	const unavailable = await newProjectOn(page, origin, backend, `Latency ${backend} ${samples}`, clips ? ['whistle', 'clicks'] : ['ring', 'bars'], clips ? 'sound' : 'image', model === 'builtin' ? 'pretrained' : 'cnn');
	if (unavailable) return unavailable;
	if (model === 'pretrained') await importExtractor(page);
	if (clips) await seedSounds(page, projectIdOf(page), samples, clips);
	else await seedSamples(page, projectIdOf(page), samples);
	const reloaded = performance.now();
	await page.reload();
	await page.getByText(`0 of ${samples.toLocaleString('en')} labelled`).waitFor({ timeout: 120_000 });
	await page.getByTestId('focus').getByTestId('suggestion-confidence').waitFor({ timeout: 300_000 }).catch(async (error) => {
		const shownError = await page.getByTestId('error').allTextContents();
		throw new Error(`no suggestion appeared on ${backend}${shownError.length ? `; the app said: ${shownError.join(' | ')}` : ''}`, { cause: error });
	});
	const suggested = performance.now() - reloaded;
	if (settle && model === 'builtin') {
		// Every picture through the backbone, then the pool re-scored on them (a last status that comes and goes).
		await page.getByTestId('model-preparing').waitFor({ state: 'detached', timeout: 1_800_000 });
		const extracted = performance.now() - reloaded;
		await quiet(page);
		return { suggested, extracted, settled: performance.now() - reloaded };
	}
	if (settle) await settled(page, samples);
	return { suggested, settled: performance.now() - reloaded };
}

/**
 * Waits until the learner holds every sample and has scored them all: the re-scoring status must have
 * shown the whole pool ("of 5,000…") and gone. While the project is read in, the status comes and goes
 * with each page read (the pool is scored as it grows), so its absence alone says nothing. A project of
 * one loader page or less may never show it.
 */
async function settled(page, samples) {
	const whole = `of ${samples.toLocaleString('en')}…`;
	await page.waitForFunction(
		({ whole, onePage }) => {
			const status = document.querySelector('[data-testid="scoring"]')?.textContent;
			window.__sawWholePool ||= !!status?.includes(whole);
			return !status && (window.__sawWholePool || onePage);
		},
		{ whole, onePage: samples <= 200 },
		{ timeout: 900_000, polling: 50 }
	);
}

/** Waits until the re-scoring status has been gone for two seconds in a row. */
async function quiet(page) {
	await page.waitForFunction(
		() => {
			const now = performance.now();
			if (document.querySelector('[data-testid="scoring"]')) window.__quietSince = now;
			window.__quietSince ??= now;
			return now - window.__quietSince > 2000;
		},
		undefined,
		{ timeout: 900_000, polling: 100 }
	);
}

/** Makes the open project a class's model on `server`, as a teacher does, and waits until it is synced. */
async function startClass(page, server) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
	});
	await page.getByTestId('class-open').click();
	await page.getByTestId('class-server').fill(server.url);
	await page.getByTestId('class-teacher-code').fill(server.teacherCode);
	await page.getByTestId('class-display-name').fill('Bench');
	await page.getByTestId('class-start').click();
	await page.getByTestId('class-status').getByText('Synced').waitFor({ timeout: 120_000 });
	await page.getByTestId('focus').getByTestId('suggestion-confidence').waitFor({ timeout: 300_000 });
}

async function measure(onDisk, origin, backend, { acts, samples, model, pauseMs, settle, server, clips }) {
	const context = await onDisk();
	const page = context.pages()[0] ?? (await context.newPage());
	const kind = clips ? 'sound' : 'image';
	try {
		const opened = await projectOf(page, origin, backend, samples, model, settle, clips);
		if (typeof opened === 'string') return { bench: 'update-latency', kind, backend, samples, available: false, reason: opened };
		if (server) await startClass(page, server);
		await page.evaluate(() => {
			window.__longTasks = [];
			new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
		});
		const extracting = () => page.getByTestId('model-preparing').count().then((n) => n > 0);
		const extractingAtStart = await extracting();
		await labelByKeys(page, acts, (i) => i % 10 === 9 && process.stderr.write(`${backend} ${samples}: ${i + 1}/${acts} acts\n`), pauseMs, clips ? 'whistle' : 'ring');
		const extractingAtEnd = await extracting();
		await page.waitForTimeout(200); // the last measure lands just after its frame
		await page.waitForTimeout(1000); // the last act's queue ranking
		const { durations, phases, queue, longTasks } = await page.evaluate(() => ({
			durations: performance.getEntriesByName('attune:update').map((e) => e.duration),
			queue: performance.getEntriesByName('attune:queue').map((e) => e.duration),
			phases: Object.fromEntries(
				['store', 'notice', 'learn', 'worker', 'paint'].map((p) => [p, performance.getEntriesByName(`attune:update:${p}`).map((e) => e.duration)])
			),
			longTasks: window.__longTasks
		}));
		const sorted = [...durations].sort((a, b) => a - b);
		const round = (v) => Math.round(v * 10) / 10;
		const at = (values, p) => round(percentile([...values].sort((a, b) => a - b), p));
		return {
			bench: 'update-latency',
			kind,
			backend,
			model,
			samples,
			class: !!server,
			pause_ms: pauseMs,
			settled: settle,
			...(model === 'builtin' ? { extracting_at_start: extractingAtStart, extracting_at_end: extractingAtEnd } : {}),
			available: true,
			acts: durations.length,
			p50_ms: round(percentile(sorted, 50)),
			p95_ms: round(percentile(sorted, 95)),
			max_ms: round(sorted.at(-1)),
			// Where the time goes (medians): storing the act, the change reaching the learner, learning and
			// re-scoring what is on screen in the worker (with the round trip and any wait for the job in
			// hand; `worker` is the sync's own share of it), painting; and their p95s.
			phase_p50_ms: Object.fromEntries(Object.entries(phases).map(([p, values]) => [p, at(values, 50)])),
			phase_p95_ms: Object.fromEntries(Object.entries(phases).map(([p, values]) => [p, at(values, 95)])),
			// From the act to the queue ranked again on the new weights, shown (the act's own answer comes first).
			queue_acts: queue.length,
			queue_p50_ms: at(queue, 50),
			queue_p95_ms: at(queue, 95),
			// From the reload to the focused sample's suggestion shown (and, with --settle, to every sample scored).
			open_to_suggestion_ms: Math.round(opened.suggested),
			...(settle ? { open_to_settled_ms: Math.round(opened.settled) } : {}),
			// From the reload to every picture's features made (the backbone's extraction, in the background).
			...(opened.extracted ? { open_to_extracted_ms: Math.round(opened.extracted), extraction_ms_per_picture: round(opened.extracted / samples) } : {}),
			main_thread_long_tasks: longTasks.length,
			main_thread_longest_task_ms: round(Math.max(0, ...longTasks)),
			...(await heapsMb(page))
		};
	} finally {
		await context.close();
	}
}

export async function updateLatency({ onDisk, origin, options }) {
	const acts = Number(options.acts ?? 50);
	const sizes = String(options.samples ?? 60).split(',').map(Number);
	if (sizes.some((n) => !(Number.isInteger(n) && n >= 10))) throw new Error(`--samples takes sizes of at least 10, comma-separated, not ${options.samples}`);
	const backends = options.backends ? options.backends.split(',') : BACKENDS;
	const model = options.model ?? 'cnn';
	const pauseMs = Number(options['pause-ms'] ?? 0);
	const settle = !!options.settle;
	if (!(pauseMs >= 0)) throw new Error(`--pause-ms takes a number of milliseconds, not ${options['pause-ms']}`);
	if (!['cnn', 'pretrained', 'builtin'].includes(model)) throw new Error(`--model is cnn, pretrained or builtin, not ${model}`);
	const kind = options.kind ?? 'image';
	if (!['image', 'sound'].includes(kind)) throw new Error(`--kind is image or sound, not ${kind}`);
	if (kind === 'sound' && model !== 'cnn') throw new Error('a sound project learns with the CNN only: leave out --model');
	const clips = kind === 'sound' ? await soundClips() : undefined;
	const classDir = options.class ? mkdtempSync(join(tmpdir(), 'attune-bench-class-')) : undefined;
	const server = classDir ? await startClassServer({ port: 0, dataDir: classDir, quiet: true }) : undefined;
	try {
		await sizesOn(backends, sizes, onDisk, origin, { acts, model, pauseMs, settle, server, clips });
	} finally {
		await server?.close();
		if (classDir) rmSync(classDir, { recursive: true, force: true });
	}
	return [];
}

async function sizesOn(backends, sizes, onDisk, origin, { acts, model, pauseMs, settle, server, clips }) {
	for (const backend of backends) {
		let smallest;
		for (const samples of sizes) {
			process.stderr.write(`update-latency on ${backend}, ${samples} samples…\n`);
			const line = await measure(onDisk, origin, backend, { acts, samples, model, pauseMs, settle, server, clips });
			smallest ??= line.available ? line : undefined;
			// The act's cost must not grow with the project: each size's p95 against the smallest's.
			if (line.available && smallest) line.p95_ratio_to_smallest = Math.round((line.p95_ms / smallest.p95_ms) * 100) / 100;
			console.log(JSON.stringify(line));
		}
	}
}
