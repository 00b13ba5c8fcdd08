// live --kind sound: listening live in the production build. The fake microphone plays a loop of two
// seconds (1.2 s of quiet room, then a 0.8 s whistle); a sound project taught 8 whistles and 8 clips
// of background noise from a folder of class folders listens for `--seconds`. Per backend: windows
// classified per second (the app's counter, read every second), the delay from a window's newest
// sound to its label, and from each whistle's start to the first label said for it (the app's own
// figures: state/listening.svelte.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newProjectOn } from './app.mjs';
import { importTs } from './ts-runner.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)] ?? null;

/** The microphone's loop and the teaching folder, made with the app's own sound code. */
async function makeFiles(dir) {
	const { module, close } = await importTs('/src/lib/core/sound/synth.ts');
	const wav = await importTs('/src/lib/core/sound/wav.ts');
	try {
		const { synthesize } = module;
		const { encodeWav } = wav.module;
		const rate = 48000;
		const loop = synthesize({ shape: 'tone', hz: 2000, seconds: 2, rate, from: 0.6, to: 1, amplitude: 0.4, noise: 0.003 });
		const mic = join(dir, 'mic.wav');
		writeFileSync(mic, encodeWav({ samples: loop, rate }));
		const teach = join(dir, 'teach');
		for (let i = 0; i < 8; i++) {
			const whistle = synthesize({ shape: 'tone', hz: 1900 + i * 25, rate: 16000, from: i / 20, to: 0.6 + i / 20, amplitude: 0.3 + i * 0.03, noise: 0.003 });
			const room = synthesize({ shape: 'noise', hz: 0, rate: 16000, amplitude: 0, noise: 0.002 + i * 0.0005 });
			mkdirSync(join(teach, 'whistle'), { recursive: true });
			mkdirSync(join(teach, 'Background noise'), { recursive: true });
			writeFileSync(join(teach, 'whistle', `whistle-${i + 1}.wav`), encodeWav({ samples: whistle, rate: 16000 }));
			writeFileSync(join(teach, 'Background noise', `room-${i + 1}.wav`), encodeWav({ samples: room, rate: 16000 }));
		}
		return { mic, teach };
	} finally {
		await close();
		await wav.close();
	}
}

async function measureBackend(chromium, launchOptions, files, origin, backend, seconds) {
	const browser = await chromium.launch({ ...launchOptions, args: [...launchOptions.args, `--use-file-for-fake-audio-capture=${files.mic}`] });
	const page = await browser.newPage();
	try {
		const unavailable = await newProjectOn(page, origin, backend, `Listen ${backend}`, ['whistle', 'Background noise'], 'sound');
		if (unavailable) return { bench: 'live', kind: 'sound', backend, available: false, reason: unavailable };
		await page.getByTestId('folder-upload').setInputFiles(files.teach);
		await page.getByText('16 of 16 labelled').waitFor({ timeout: 120_000 });
		await page.waitForFunction(() => Number(document.querySelector('[data-testid="model-version"]')?.textContent) >= 1, null, { timeout: 120_000 });
		await page.getByTestId('listen-live').click();
		const rate = page.getByTestId('live-rate');
		await rate.waitFor({ timeout: 120_000 });
		await page.waitForTimeout(2000); // warm-up: the first windows compile kernels
		const [rates, delays, onsetDelays] = [[], [], []];
		let onsets = Number(await rate.getAttribute('data-onsets'));
		for (let tick = 0; tick < seconds * 10; tick++) {
			await page.waitForTimeout(100);
			const [count, onset, delay] = await Promise.all(['data-onsets', 'data-onset-delay-ms', 'data-delay-ms'].map((a) => rate.getAttribute(a).then(Number)));
			if (count > onsets) [onsets, onsetDelays[onsetDelays.length]] = [count, onset];
			if (tick % 10 === 9) {
				rates.push(Number((await rate.textContent()).trim().split(' ')[0]));
				delays.push(delay);
			}
		}
		return {
			bench: 'live', kind: 'sound', backend, available: true, seconds, with_saliency: true,
			windows_per_s_median: median(rates), windows_per_s_min: Math.min(...rates),
			window_delay_ms_median: median(delays),
			whistles_named: onsetDelays.length, sound_to_label_ms_median: median(onsetDelays), sound_to_label_ms_p95: p95(onsetDelays)
		};
	} finally {
		await browser.close();
	}
}

export async function liveSound({ origin, options, launchOptions, backends }) {
	const { chromium } = await import('@playwright/test');
	const seconds = Number(options.seconds ?? 10);
	const dir = mkdtempSync(join(tmpdir(), 'attune-live-sound-'));
	try {
		const files = await makeFiles(dir);
		for (const backend of backends) {
			process.stderr.write(`live (sound) on ${backend}…\n`);
			console.log(JSON.stringify(await measureBackend(chromium, launchOptions, files, origin, backend, seconds)));
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	return [];
}
