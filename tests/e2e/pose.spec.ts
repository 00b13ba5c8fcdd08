import { unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { drawFigure, recordVideo } from '../fixtures/figures';
import { downloaded, newProjectWithClasses, samplesIn } from './teach-helpers';
import type { Posture } from '../../src/lib/core/pose/synth';

/** Photos of drawn people in a posture, named after it ("hands up-1.png"); the real landmark model reads them. */
async function photos(page: Page, posture: Posture, n: number, from = 0) {
	return Promise.all(Array.from({ length: n }, async (_, i) => ({ name: `${posture}-${from + i + 1}.png`, mimeType: 'image/png', buffer: await drawFigure(page, posture, from + i + 1) })));
}

/** A blank picture: nobody in it. */
async function empty(page: Page): Promise<Buffer> {
	const bytes = await page.evaluate(async () => {
		const canvas = new OffscreenCanvas(320, 240);
		const g = canvas.getContext('2d')!;
		g.fillStyle = '#8fb3d9';
		g.fillRect(0, 0, 320, 240);
		return [...new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())];
	});
	return Buffer.from(bytes);
}

const card = (page: Page, name: string) => page.getByTestId('suggestion').filter({ hasText: name });

async function label(page: Page, name: string, className: string) {
	await card(page, name).click();
	await page.getByTestId(`correct-${className}`).click();
}

test.describe('pose projects', () => {
	test('photos become bodies; a few labels and the rest are suggested with a skeleton map, neighbours and the move that would change it', async ({ page }) => {
		await newProjectWithClasses(page, 'Warm-up', ['hands up', 'hands down'], 'wasm', 'pose');
		await page.getByTestId('sample-upload').setInputFiles([
			...(await photos(page, 'hands up', 3)),
			...(await photos(page, 'hands down', 3)),
			{ name: 'empty-room.png', mimeType: 'image/png', buffer: await empty(page) },
			{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') }
		]);
		const error = page.getByTestId('error');
		await expect(error).toContainText('6 poses stored', { timeout: 90_000 });
		await expect(error).toContainText('No body was found in empty-room.png');
		await expect(error).toContainText('notes.txt is not a picture or a video this browser can read');
		expect(await samplesIn(page)).toBe(6);

		await label(page, 'hands up-1.png', 'hands up');
		await label(page, 'hands down-1.png', 'hands down');
		await expect(page.getByTestId('model-version')).toHaveText('2');
		await expect(page.getByTestId('model-kind')).toHaveText('Linear model (softmax regression with weight decay)');
		for (const [name, truth] of [['hands up-3.png', 'hands up'], ['hands down-3.png', 'hands down'], ['hands up-2.png', 'hands up'], ['hands down-2.png', 'hands down']]) {
			await expect(card(page, name!).getByTestId('suggestion-label')).toHaveText(truth!);
			await expect(card(page, name!).getByTestId('suggestion-confidence')).toHaveText(/^\d+%$/);
			await expect(card(page, name!).getByTestId('saliency')).toHaveAttribute('data-joints', 'yes');
		}

		// The focused body: its skeleton with the joints that mattered, the labelled bodies most like it, and what would make it the other class.
		await card(page, 'hands down-3.png').click();
		const focus = page.getByTestId('focus');
		await expect(focus.getByTestId('pose-map')).toHaveAttribute('data-joints', 'yes');
		await expect(focus.getByTestId('pose-map')).toHaveAttribute('data-top-joint', /wrist|elbow|index|pinky|thumb/);
		await expect(focus.getByTestId('neighbour-skeleton').first()).toBeVisible();
		await focus.getByTestId('counterfactual-class').selectOption({ label: 'hands up' });
		await focus.getByTestId('counterfactual-run').click();
		await expect(focus.getByTestId('counterfactual')).toContainText(/raise the (left|right) (wrist|elbow) by \d+ cm/);
		await expect(focus.getByTestId('counterfactual')).toHaveAttribute('data-moved', /^(13|14|15|16)(,(13|14|15|16))?$/);
		await expect(focus.getByTestId('counterfactual-skeleton')).toBeVisible();
		await page.screenshot({ path: test.info().outputPath('pose-project.png'), fullPage: true });
		await page.setViewportSize({ width: 390, height: 844 });
		await page.screenshot({ path: test.info().outputPath('pose-phone.png') });
		await expect(page.getByTestId('accept')).toBeInViewport();
		await page.setViewportSize({ width: 1280, height: 800 });

		// A video the browser recorded (no length in its header): one pose a second, each named by its time and suggested.
		const video = await recordVideo(page, [await drawFigure(page, 'hands up', 21), await drawFigure(page, 'hands down', 22)], 1.6);
		const moments = Array.from({ length: Math.floor(video.seconds - 0.05) + 1 }, (_, k) => `warm-up.webm at 0:0${k}`);
		expect(moments.length).toBeGreaterThanOrEqual(3); // 3.2 s recorded: 0:00 to 0:02 at least
		await page.getByTestId('sample-upload').setInputFiles({ name: 'warm-up.webm', mimeType: 'video/webm', buffer: video.bytes });
		await expect.poll(() => samplesIn(page), { timeout: 90_000 }).toBe(6 + moments.length);
		for (const moment of moments) await expect(card(page, moment)).toHaveCount(1);
		await expect(card(page, 'warm-up.webm at 0:00').getByTestId('suggestion-label')).toHaveText('hands up');
		await expect(card(page, 'warm-up.webm at 0:02').getByTestId('suggestion-label')).toHaveText('hands down');
		const poses = await samplesIn(page);

		// The labelled export: the keypoints as CSV, one body a line, with the label.
		const csv = (await downloaded(page, 'export-labelled')).toString('utf8').trim().split('\n');
		expect(csv[0]).toMatch(/^aspect,nose_x,nose_y,nose_z,nose_visibility,left_eye_inner_x,.*,right_foot_visibility,label$/);
		expect(csv).toHaveLength(poses + 1);
		expect(csv.slice(1).map((line) => line.split(',').at(-1)).filter(Boolean).sort()).toEqual(['hands down', 'hands up']);
	});

	test('keeps no photo unless asked; the project file honours it, round-trips, and the lite landmark model works offline', async ({ page, context }) => {
		await newProjectWithClasses(page, 'Stretches', ['hands up', 'arms out'], 'wasm', 'pose');
		await page.getByTestId('sample-upload').setInputFiles([...(await photos(page, 'hands up', 2)), ...(await photos(page, 'arms out', 2))]);
		await expect.poll(() => samplesIn(page), { timeout: 90_000 }).toBe(4);
		await label(page, 'hands up-1.png', 'hands up');
		await label(page, 'arms out-1.png', 'arms out');
		await expect(page.getByTestId('model-version')).toHaveText('2');

		// Photos kept for one more body, then not: the kept photo is blurred in place.
		await page.getByText('Privacy and the landmark model').click();
		await page.getByTestId('keep-photos').check();
		await page.getByTestId('sample-upload').setInputFiles(await photos(page, 'arms out', 1, 5));
		await expect.poll(() => samplesIn(page), { timeout: 60_000 }).toBe(5);
		const files = async () => Object.keys(unzipSync(new Uint8Array(await downloaded(page, 'export-project'))));
		expect((await files()).filter((p) => p.includes('/thumbnail.'))).toHaveLength(1);
		await page.getByTestId('keep-photos').uncheck();
		await expect(page.getByText('1 photo replaced by blurred copies.')).toBeVisible();
		const project = await downloaded(page, 'export-project');
		const entries = unzipSync(new Uint8Array(project));
		expect(Object.keys(entries).filter((p) => p.includes('/thumbnail.'))).toHaveLength(0);
		const biggest = Math.max(...Object.entries(entries).filter(([p]) => p.includes('/original.')).map(([, bytes]) => bytes.length));
		expect(biggest).toBeLessThan(8_000); // blurred, thumbnail-sized pictures: no photo

		await page.goto('/');
		await page.getByTestId('project-delete').click();
		await page.getByTestId('confirm').click();
		await page.getByTestId('import-project').setInputFiles({ name: 'stretches.attune.zip', mimeType: 'application/zip', buffer: project });
		await expect(page.getByTestId('project-title')).toHaveText('Stretches');
		await expect(page.getByTestId('suggestion')).toHaveCount(5);
		await expect(card(page, 'hands up-2.png').getByTestId('suggestion-label')).toHaveText('hands up');

		// Offline after a reload: the project, the model and the lite landmark model all work from the device.
		await page.evaluate(() => navigator.serviceWorker.ready);
		await context.setOffline(true);
		await page.reload();
		await expect(page.getByTestId('suggestion')).toHaveCount(5);
		await page.getByTestId('sample-upload').setInputFiles(await photos(page, 'hands up', 1, 7));
		await expect.poll(() => samplesIn(page), { timeout: 90_000 }).toBe(6);
		await expect(card(page, 'hands up-8.png').getByTestId('suggestion-label')).toHaveText('hands up');

		// A larger landmark model was never fetched: offline, choosing it says so and changes nothing.
		await page.getByText('Privacy and the landmark model').click();
		await page.getByTestId('landmark-model').selectOption('full');
		await expect(page.getByTestId('error')).toContainText('full landmark model is not on this device, and the device is offline');
		await expect(page.getByTestId('landmark-model')).toHaveValue('lite');
	});

	test('the camera: refused, then no body in view', async ({ page }) => {
		await page.addInitScript(() => {
			const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
			let asked = 0;
			navigator.mediaDevices.getUserMedia = async (constraints) => {
				if (asked++ === 0) throw new DOMException('Permission denied', 'NotAllowedError');
				return open(constraints);
			};
		});
		await newProjectWithClasses(page, 'Camera faults', ['hands up', 'hands down'], 'wasm', 'pose');
		await page.getByTestId('webcam-open').click();
		await expect(page.getByTestId('error')).toContainText('Camera access was refused');
		await page.getByTestId('webcam-open').click();
		// Chromium's stock fake camera shows a test pattern, with nobody in it.
		await expect(page.getByTestId('live-no-body')).toContainText('No body in view', { timeout: 90_000 });
		await expect(page.getByTestId('live-rate')).toContainText(/[1-9]\d* frames\/s/);
		await expect(page.getByTestId('record-hold')).toBeDisabled();
		expect(await samplesIn(page)).toBe(0);
	});
});
