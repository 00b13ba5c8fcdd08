import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { synthesize } from '../../src/lib/core/sound/synth';
import { encodeWav } from '../../src/lib/core/sound/wav';
import { chromiumLaunchOptions } from './chromium';
import { test, expect } from './fixtures';
import { card, downloaded, newProjectWithClasses, samplesIn } from './teach-helpers';

/** A whistle (a 2 kHz tone) or a run of clicks, one second, at 22.05 kHz (the app resamples it to 16 kHz). */
function wav(kind: 'whistle' | 'clicks', seed: number, seconds = 1, rate = 22050): Buffer {
	let s = seed;
	const random = () => ((s = (s * 16807) % 2147483647) / 2147483647);
	const samples = kind === 'whistle'
		? synthesize({ shape: 'tone', hz: 1900 + random() * 200, rate, seconds, amplitude: 0.4, noise: 0.01 }, random)
		: synthesize({ shape: 'clicks', hz: 8 + random() * 4, rate, seconds, amplitude: 0.6, noise: 0.01 }, random);
	return Buffer.from(encodeWav({ samples, rate }));
}

const files = (kind: 'whistle' | 'clicks', n: number, from = 0) =>
	Array.from({ length: n }, (_, i) => ({ name: `${kind}-${from + i + 1}.wav`, mimeType: 'audio/wav', buffer: wav(kind, 100 * (kind === 'whistle' ? 1 : 2) + from + i) }));

// The fake microphone plays a whistle, over and over: recorded, it is a whistle; heard live, too.
const micFile = join(mkdtempSync(join(tmpdir(), 'attune-mic-')), 'whistle.wav');
writeFileSync(micFile, wav('whistle', 7, 3, 48000));
const launch = chromiumLaunchOptions();
test.use({ launchOptions: { ...launch, args: [...(launch.args ?? []), `--use-file-for-fake-audio-capture=${micFile}`] } });

/** A second of a 2 kHz tone as the browser's own WebM (Opus): a format only the browser's decoder reads. */
async function webmWhistle(page: Page): Promise<Buffer> {
	const bytes = await page.evaluate(async () => {
		const ctx = new AudioContext();
		const tone = new OscillatorNode(ctx, { frequency: 2000 });
		const out = ctx.createMediaStreamDestination();
		tone.connect(out);
		const recorder = new MediaRecorder(out.stream, { mimeType: 'audio/webm' });
		const chunks: Blob[] = [];
		recorder.ondataavailable = (e) => chunks.push(e.data);
		const done = new Promise((resolve) => (recorder.onstop = resolve));
		tone.start();
		recorder.start();
		await new Promise((resolve) => setTimeout(resolve, 1200));
		recorder.stop();
		await done;
		await ctx.close();
		return [...new Uint8Array(await new Blob(chunks).arrayBuffer())];
	});
	return Buffer.from(bytes);
}

test.describe('sound projects', () => {
	test('import synthesised sounds, label a few, get suggestions with spectrogram maps, play them, record from the microphone and listen live', async ({ page }) => {
		await newProjectWithClasses(page, 'Night sounds', ['whistle', 'clicks'], 'wasm', 'sound');
		await page.getByTestId('sample-upload').setInputFiles([...files('whistle', 5), ...files('clicks', 5)]);
		await expect(page.getByTestId('suggestion')).toHaveCount(10);

		// Bad files: each named, the rest of the batch still imported, nothing stored of them.
		await page.getByTestId('sample-upload').setInputFiles([
			{ name: 'notes.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from('not a sound at all, just words') },
			{ name: 'empty.wav', mimeType: 'audio/wav', buffer: Buffer.alloc(0) },
			{ name: 'quiet.wav', mimeType: 'audio/wav', buffer: Buffer.from(encodeWav({ samples: new Float32Array(16000), rate: 16000 })) },
			{ name: 'cut.wav', mimeType: 'audio/wav', buffer: wav('clicks', 3).subarray(0, 44) },
			{ name: 'tone.webm', mimeType: 'audio/webm', buffer: await webmWhistle(page) }
		]);
		const error = page.getByTestId('error');
		await expect(error).toContainText('4 of 5 files were not imported');
		for (const name of ['notes.mp3', 'empty.wav', 'quiet.wav', 'cut.wav']) await expect(error).toContainText(`“${name}”`);
		await expect(page.getByTestId('suggestion')).toHaveCount(11);

		for (const [name, label] of [['whistle-1.wav', 'whistle'], ['clicks-1.wav', 'clicks'], ['whistle-2.wav', 'whistle'], ['clicks-2.wav', 'clicks']] as const) {
			await card(page, name).click();
			await page.getByTestId(`correct-${label}`).click();
		}
		await expect(page.getByTestId('model-version')).toHaveText('4');
		await expect(page.getByTestId('model-layers')).toHaveText('32×32 log-mel spectrogram (32 bands × 32 moments) → conv 16 → pool → conv 32 → pool → dense 64 → 2 classes');

		// Every unlabelled clip has a suggestion with its confidence and a map over its spectrogram.
		for (const name of ['whistle-4.wav', 'clicks-4.wav', 'tone.webm']) {
			await expect(card(page, name).getByTestId('suggestion-confidence')).toHaveText(/^\d+%$/);
			await expect(card(page, name).getByTestId('saliency')).toHaveAttribute('data-ready', 'yes');
		}
		await expect.poll(async () => card(page, 'clicks-5.wav').getByTestId('suggestion-label').textContent(), { timeout: 60_000 }).toBe('clicks');
		await expect.poll(async () => card(page, 'tone.webm').getByTestId('suggestion-label').textContent(), { timeout: 60_000 }).toBe('whistle');

		// Playback: the clip, and the part the model listened to.
		await card(page, 'whistle-5.wav').click();
		const focus = page.getByTestId('focus');
		await focus.getByTestId('play').click();
		await expect(focus.getByTestId('play')).toHaveAttribute('data-playing', 'yes');
		await expect(focus.getByTestId('play')).toHaveAttribute('data-playing', 'no', { timeout: 10_000 });
		await expect(focus.getByTestId('play-listened')).toBeEnabled();
		await focus.getByTestId('play-listened').click();
		await expect(focus.getByTestId('play-listened')).toHaveAttribute('data-playing', 'yes');
		await page.screenshot({ path: test.info().outputPath('sound-project.png'), fullPage: true });

		// The (fake) microphone: a tap records one clip, into "whistle"; a long hold, a take cut into clips.
		await page.getByTestId('record-class').selectOption('whistle');
		const hold = page.getByTestId('record-hold');
		await hold.click();
		await expect(hold).toContainText('Recording');
		await expect.poll(() => samplesIn(page)).toBe(12);
		await expect(hold).toHaveText('Hold to record');
		await expect(page.getByTestId('model-version')).toHaveText('5', { timeout: 60_000 });
		await hold.hover();
		await page.mouse.down();
		await page.waitForTimeout(3200);
		await page.mouse.up();
		await expect.poll(() => samplesIn(page)).toBeGreaterThanOrEqual(14);
		await expect(hold).toHaveText('Hold to record');
		const taken = await samplesIn(page);

		// Live: it hears the whistle.
		await page.getByTestId('listen-live').click();
		await expect(page.getByTestId('live-label')).toHaveText('whistle', { timeout: 60_000 });
		await expect(page.getByTestId('live-rate')).toContainText(/[1-9]\d* windows\/s/);
		await expect(page.getByTestId('live-spectrogram')).toHaveAttribute('data-ready', 'yes');
		await page.keyboard.press('g');
		await expect.poll(() => samplesIn(page)).toBe(taken + 1);
		await page.screenshot({ path: test.info().outputPath('sound-live.png') });
		await page.getByTestId('listen-live').click();

		// The dataset: one folder of WAV files per class.
		const dataset = unzipSync(new Uint8Array(await downloaded(page, 'export-dataset')));
		const wavs = Object.keys(dataset).filter((p) => p.endsWith('.wav'));
		expect(wavs.filter((p) => p.startsWith('whistle/'))).toHaveLength(2 + 1 + (taken - 12) + 1); // labelled, the tap, the take, the window kept with g
		expect(wavs.filter((p) => p.startsWith('clicks/'))).toHaveLength(2);
		expect(new TextDecoder().decode(dataset[wavs[0]!]!.subarray(0, 4))).toBe('RIFF');
	});

	test('the project file carries the audio: exported, deleted, imported and played offline', async ({ page, context }) => {
		await newProjectWithClasses(page, 'Round trip sounds', ['whistle', 'clicks'], 'wasm', 'sound');
		await page.getByTestId('sample-upload').setInputFiles([...files('whistle', 2), ...files('clicks', 2)]);
		await expect(page.getByTestId('suggestion')).toHaveCount(4);
		await card(page, 'whistle-1.wav').click();
		await page.getByTestId('correct-whistle').click();
		await card(page, 'clicks-1.wav').click();
		await page.getByTestId('correct-clicks').click();
		await expect(page.getByTestId('model-version')).toHaveText('2');
		const file = await downloaded(page, 'export-project');

		await page.goto('/');
		await page.getByTestId('project-delete').click();
		await page.getByTestId('confirm').click();
		await page.getByTestId('import-project').setInputFiles({ name: 'sounds.attune.zip', mimeType: 'application/zip', buffer: file });
		await expect(page.getByTestId('project-title')).toHaveText('Round trip sounds');
		await expect(page.getByTestId('suggestion')).toHaveCount(4);
		await expect(card(page, 'whistle-2.wav').getByTestId('saliency')).toHaveAttribute('data-ready', 'yes');

		await page.evaluate(() => navigator.serviceWorker.ready);
		await context.setOffline(true);
		await page.reload();
		await expect(page.getByTestId('suggestion')).toHaveCount(4);
		await expect(page.getByTestId('model-version')).toHaveText('2');
		await card(page, 'clicks-2.wav').click();
		await page.getByTestId('focus').getByTestId('play').click();
		await expect(page.getByTestId('focus').getByTestId('play')).toHaveAttribute('data-playing', 'yes');
		await page.setViewportSize({ width: 390, height: 844 });
		await page.screenshot({ path: test.info().outputPath('sound-phone.png') });
		await expect(page.getByTestId('accept')).toBeInViewport();
	});
});

test.describe('the sounds demo', () => {
	test('makes 36 sounds on the device in three classes; a few labels and the rest are suggested', async ({ page }) => {
		await page.goto('/?backend=wasm');
		await page.getByTestId('demo-sounds').click();
		await expect(page.getByTestId('project-title')).toHaveText('Whistles, hums and clicks');
		await expect.poll(() => samplesIn(page), { timeout: 60_000 }).toBe(36);
		await expect(page.getByTestId('class-chip')).toHaveText([/whistle/, /hum/, /clicks/]);
		// The demo's sounds go whistle, hum, clicks in turn (Sound 1 is a whistle): labelled by key, as the queue asks.
		const truth = (name: string) => ['whistle', 'hum', 'clicks'][(Number(/Sound (\d+)/.exec(name)![1]) - 1) % 3]!;
		for (let i = 0; i < 9; i++) {
			const name = (await page.getByTestId('focus').locator('figcaption').first().textContent())!;
			await page.keyboard.press(String(['whistle', 'hum', 'clicks'].indexOf(truth(name)) + 1));
			await expect(page.getByTestId('model-version')).toHaveText(String(i + 1));
		}
		// The clips in view that are still unlabelled: most are suggested rightly.
		await expect(page.getByTestId('practising')).toHaveCount(0, { timeout: 60_000 });
		const shown = await page.getByTestId('suggestion').evaluateAll((cards) =>
			cards.filter((c) => c.querySelector('[data-testid="human-label"]')?.textContent?.trim() === 'Unlabelled')
				.map((c) => [c.querySelector('img')!.getAttribute('alt')!, c.querySelector('[data-testid="suggestion-label"]')!.textContent!]));
		expect(shown.length).toBeGreaterThan(5);
		expect(shown.filter(([name, label]) => truth(name!) === label).length / shown.length).toBeGreaterThanOrEqual(0.8);
	});
});

test.describe('the microphone’s faults', () => {
	test('refused, unplugged mid-recording (what was recorded is kept), and live listening stops when the tab is hidden', async ({ page }) => {
		// Every stream the page opens is kept where the test can reach its tracks; the first request is refused.
		await page.addInitScript(() => {
			const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
			let asked = 0;
			(window as unknown as { streams: MediaStream[] }).streams = [];
			navigator.mediaDevices.getUserMedia = async (constraints) => {
				if (asked++ === 0) throw new DOMException('Permission denied', 'NotAllowedError');
				const stream = await open(constraints);
				(window as unknown as { streams: MediaStream[] }).streams.push(stream);
				return stream;
			};
		});
		await newProjectWithClasses(page, 'Mic faults', ['whistle', 'clicks'], 'wasm', 'sound');
		await page.getByTestId('record-class').selectOption('whistle');
		const hold = page.getByTestId('record-hold');
		await hold.hover();
		await page.mouse.down();
		await page.mouse.up();
		await expect(page.getByTestId('error')).toContainText('Microphone access was refused');
		await expect(page.getByTestId('suggestion')).toHaveCount(0);

		// Unplugged after about a second: the recording so far is kept, and the user told.
		await page.mouse.down();
		await expect(hold).toContainText('Recording');
		await page.waitForTimeout(1000);
		await page.evaluate(() => (window as unknown as { streams: MediaStream[] }).streams.at(-1)!.getAudioTracks()[0]!.dispatchEvent(new Event('ended')));
		await expect(page.getByTestId('error')).toContainText('The microphone stopped while recording');
		await expect(page.getByTestId('error')).toContainText('were kept as 1 clip');
		await page.mouse.up();
		await expect(page.getByTestId('suggestion')).toHaveCount(1);
		await expect(page.getByTestId('human-label')).toHaveText('Labelled whistle');

		await page.getByTestId('listen-live').click();
		await expect(page.getByTestId('live')).toBeVisible();
		await page.evaluate(() => {
			Object.defineProperty(document, 'hidden', { value: true, configurable: true });
			document.dispatchEvent(new Event('visibilitychange'));
		});
		await expect(page.getByTestId('error')).toContainText('Live listening stopped while the tab was hidden');
		await expect(page.getByTestId('live')).toHaveCount(0);
		await expect(page.getByTestId('listen-live')).toHaveText('Listen live');
	});
});
