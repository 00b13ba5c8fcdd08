import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from './chromium';
import { test as base, expect } from './fixtures';
import { drawFigure, y4m } from '../fixtures/figures';
import { newProjectWithClasses, samplesIn } from './teach-helpers';

/**
 * Chromium's fake camera plays a video of a drawn person with both hands up (drawn on a first,
 * throwaway browser, before this file's browser starts with the video as its camera).
 */
const test = base.extend<object, { figureVideo: string }>({
	figureVideo: [
		async ({ playwright }, use) => {
			const browser = await playwright.chromium.launch(chromiumLaunchOptions());
			const page = await browser.newPage();
			const frames = [];
			for (const seed of [1, 2, 3, 4]) frames.push(await drawFigure(page, 'hands up', seed, 'rgba'));
			await browser.close();
			const file = join(mkdtempSync(join(tmpdir(), 'attune-camera-')), 'hands-up.y4m');
			writeFileSync(file, y4m(frames, 4));
			await use(file);
		},
		{ scope: 'worker' }
	],
	launchOptions: [
		async ({ figureVideo }, use) => {
			const launch = chromiumLaunchOptions();
			await use({ ...launch, args: [...(launch.args ?? []), `--use-file-for-fake-video-capture=${figureVideo}`] });
		},
		{ scope: 'worker' }
	]
});

test('live: the camera’s body is drawn, labelled large with its rate, and kept with a key or the record button', async ({ page }) => {
	await newProjectWithClasses(page, 'Class warm-up', ['hands up', 'hands down'], 'wasm', 'pose');
	await page.getByTestId('webcam-open').click();
	await expect(page.getByTestId('live-skeleton')).toBeVisible({ timeout: 90_000 });
	await expect(page.getByTestId('live-rate')).toContainText(/[1-9]\d* frames\/s/);

	// Kept from the camera: two into "hands up" by holding the button, one into "hands down" with g.
	await page.getByTestId('record-class').selectOption('hands up');
	const hold = page.getByTestId('record-hold');
	await hold.hover();
	await page.mouse.down();
	await expect.poll(() => samplesIn(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
	await page.mouse.up();
	await page.getByTestId('record-class').selectOption('hands down');
	await page.keyboard.press('g');
	await expect(page.getByTestId('human-label').filter({ hasText: 'Labelled hands down' })).toHaveCount(1);
	const held = await page.getByTestId('human-label').filter({ hasText: 'Labelled hands up' }).count();
	expect(held).toBeGreaterThanOrEqual(2);
	await expect.poll(() => samplesIn(page)).toBe(held + 1); // nothing else was kept: every pose is in one of the two

	// Live, it says what it sees, large, with how sure it is and how fast.
	await expect(page.getByTestId('live-label')).toHaveText('hands up', { timeout: 60_000 });
	await expect(page.getByTestId('live-confidence')).toHaveText(/^\d+%$/);
	await expect(page.getByTestId('live-skeleton')).toHaveAttribute('data-joints', 'yes');
	const size = await page.getByTestId('live-label').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
	expect(size).toBeGreaterThanOrEqual(28);
	await page.getByTestId('live').scrollIntoViewIfNeeded();
	await page.screenshot({ path: test.info().outputPath('pose-live.png') });
});
