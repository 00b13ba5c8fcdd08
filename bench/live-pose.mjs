// live --kind pose: the camera, live, in a pose project, in the production build. Chromium's fake
// camera plays a video of a drawn person, 2 s with both hands up, then 2 s with both hands down, in a
// loop (tests/fixtures/figures.ts draws them, as the e2e tests do); the project is taught 4 photos of
// each. For `--seconds`, per backend (the learner's; the landmark model runs on the page, its network
// on the GPU or, where WebGL is software, the CPU: state/pose/landmarks.ts): frames read per second, the delay from a frame's capture to its label, the
// landmark model's part of it, and how much of the page's time went to tasks over 50 ms (the app's own
// figures: state/pose/pose-camera.svelte.ts; long tasks by PerformanceObserver).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newProjectOn } from './app.mjs';
import { importTs } from './ts-runner.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)] ?? null;
const FPS = 10;

/** The camera's video and the teaching folder (a folder per class), drawn in a throwaway page. */
async function makeFiles(chromium, launchOptions, dir) {
	const { module, close } = await importTs('/tests/fixtures/figures.ts');
	const browser = await chromium.launch(launchOptions);
	try {
		const page = await browser.newPage();
		const frames = [];
		for (const posture of ['hands up', 'hands down']) {
			const drawn = [];
			for (const seed of [11, 12]) drawn.push(await module.drawFigure(page, posture, seed, 'rgba'));
			for (let i = 0; i < 2 * FPS; i++) frames.push(drawn[i % drawn.length]);
		}
		const camera = join(dir, 'camera.y4m');
		writeFileSync(camera, module.y4m(frames, FPS));
		const teach = join(dir, 'teach');
		for (const posture of ['hands up', 'hands down']) {
			mkdirSync(join(teach, posture), { recursive: true });
			for (let i = 1; i <= 4; i++) writeFileSync(join(teach, posture, `${posture}-${i}.png`), await module.drawFigure(page, posture, i));
		}
		return { camera, teach };
	} finally {
		await browser.close();
		await close();
	}
}

async function measureBackend(chromium, launchOptions, files, origin, backend, seconds) {
	const browser = await chromium.launch({ ...launchOptions, args: [...launchOptions.args, `--use-file-for-fake-video-capture=${files.camera}`] });
	const page = await browser.newPage();
	try {
		const unavailable = await newProjectOn(page, origin, backend, `Poses ${backend}`, ['hands up', 'hands down'], 'pose');
		if (unavailable) return { bench: 'live', kind: 'pose', backend, available: false, reason: unavailable };
		await page.getByTestId('folder-upload').setInputFiles(files.teach);
		await page.getByText('8 of 8 labelled').waitFor({ timeout: 180_000 });
		await page.waitForFunction(() => Number(document.querySelector('[data-testid="model-version"]')?.textContent) >= 1, null, { timeout: 120_000 });
		await page.getByTestId('webcam-open').click();
		const rate = page.getByTestId('live-rate');
		await page.getByTestId('live-label').waitFor({ timeout: 120_000 });
		await page.waitForTimeout(2000); // warm-up
		await page.evaluate(() => {
			const seen = (window.__longTasks = { count: 0, ms: 0, since: performance.now() });
			new PerformanceObserver((list) => list.getEntries().forEach((e) => ((seen.count += 1), (seen.ms += e.duration)))).observe({ type: 'longtask' });
		});
		const [rates, delays, landmarks, labels] = [[], [], [], []];
		for (let tick = 0; tick < seconds * 10; tick++) {
			await page.waitForTimeout(100);
			const [delay, landmark] = await Promise.all(['data-delay-ms', 'data-landmark-ms'].map((a) => rate.getAttribute(a).then(Number)));
			if (delays.at(-1) !== delay || landmarks.at(-1) !== landmark) [delays[delays.length], landmarks[landmarks.length]] = [delay, landmark];
			labels.push(await page.getByTestId('live-label').textContent().catch(() => null));
			if (tick % 10 === 9) rates.push(Number(await rate.getAttribute('data-rate')));
		}
		const blocked = await page.evaluate(() => ({ ...window.__longTasks, elapsed: performance.now() - window.__longTasks.since }));
		return {
			bench: 'live', kind: 'pose', backend, available: true, seconds, landmark_model: 'lite', landmark_model_runs_on: `page, ${await rate.getAttribute('data-inference')}`, with_saliency: true,
			frames_per_s_median: median(rates), frames_per_s_min: Math.min(...rates),
			frame_to_label_ms_median: median(delays), frame_to_label_ms_p95: p95(delays),
			landmark_ms_median: median(landmarks), landmark_ms_p95: p95(landmarks),
			long_tasks: blocked.count, long_task_share: Number((blocked.ms / blocked.elapsed).toFixed(3)),
			labels_seen: [...new Set(labels.filter(Boolean))]
		};
	} finally {
		await browser.close();
	}
}

export async function livePose({ origin, options, launchOptions, backends }) {
	const { chromium } = await import('@playwright/test');
	const seconds = Number(options.seconds ?? 10);
	const dir = mkdtempSync(join(tmpdir(), 'attune-live-pose-'));
	try {
		const files = await makeFiles(chromium, launchOptions, dir);
		for (const backend of backends) {
			process.stderr.write(`live (pose) on ${backend}…\n`);
			console.log(JSON.stringify(await measureBackend(chromium, launchOptions, files, origin, backend, seconds)));
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	return [];
}
