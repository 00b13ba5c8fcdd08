// live: live mode's frame rate, per backend, in the production build: a project with two classes
// classifies the (synthetic) camera continuously, each frame with its saliency map, for `--seconds`;
// the app's own counter (live-fps) is read every second. --kind sound: listening live (live-sound.mjs);
// --kind pose: the camera in a pose project (live-pose.mjs).
import { newProjectOn } from './app.mjs';
import { liveSound } from './live-sound.mjs';
import { livePose } from './live-pose.mjs';

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

async function measureBackend(browser, origin, backend, seconds) {
	const context = await browser.newContext({ permissions: ['camera'] });
	const page = await context.newPage();
	try {
		const unavailable = await newProjectOn(page, origin, backend, `Live ${backend}`, ['a', 'b']);
		if (unavailable) return { bench: 'live', backend, available: false, reason: unavailable };
		await page.getByTestId('webcam-open').click();
		await page.getByTestId('webcam-live').click();
		const fps = page.getByTestId('live').getByTestId('live-fps');
		await fps.waitFor({ timeout: 120_000 });
		await page.waitForTimeout(2000); // warm-up: the first frames compile kernels
		const readings = [];
		for (let s = 0; s < seconds; s++) {
			await page.waitForTimeout(1000);
			readings.push(Number((await fps.textContent()).split(' ')[0]));
		}
		const sorted = [...readings].sort((a, b) => a - b);
		return { bench: 'live', backend, available: true, seconds, fps_median: sorted[Math.floor(sorted.length / 2)], fps_min: sorted[0], with_saliency: true };
	} finally {
		await context.close();
	}
}

export async function live({ browser, origin, options, launchOptions }) {
	const seconds = Number(options.seconds ?? 10);
	const backends = options.backends ? options.backends.split(',') : BACKENDS;
	if (options.kind === 'sound') return liveSound({ origin, options, launchOptions, backends });
	if (options.kind === 'pose') return livePose({ origin, options, launchOptions, backends });
	if (options.kind && options.kind !== 'image') throw new Error(`--kind is image, sound or pose, not ${options.kind}`);
	for (const backend of backends) {
		process.stderr.write(`live on ${backend}…\n`);
		console.log(JSON.stringify(await measureBackend(browser, origin, backend, seconds)));
	}
	return [];
}
