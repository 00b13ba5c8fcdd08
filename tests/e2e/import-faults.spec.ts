import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';
import { test, expect } from './fixtures';
import { makeImages } from './images';
import { newProjectWithClasses } from './teach-helpers';

/** How many samples the project page says it holds ("0 of N labelled"). */
async function held(page: Page): Promise<number> {
	const text = (await page.getByText(/of [\d,]+ labelled/).textContent()) ?? '';
	return Number(text.match(/of ([\d,]+) labelled/)![1]!.replace(/,/g, ''));
}

test.describe('import faults', () => {
	test('an import the device has no room for is refused before it starts, with the sizes named, and nothing is stored', async ({ page }) => {
		// The browser says 1 MB is left: a few hundred small pictures need more than that.
		await page.addInitScript(() => {
			StorageManager.prototype.estimate = async () => ({ usage: 50 * 2 ** 20, quota: 51 * 2 ** 20 });
		});
		await newProjectWithClasses(page, 'Crowded', ['ring', 'bars']);
		const images = await makeImages(page, 'ring', 300);

		await page.getByTestId('sample-upload').setInputFiles(images);

		const error = page.getByTestId('error');
		await expect(error).toContainText(/These 300 images need up to \d+ MB, and this device has 1 MB left for Attune/);
		await expect(error).toContainText('nothing was imported');
		await expect(page.getByTestId('import-progress')).toHaveCount(0);
		await expect(page.getByText('0 of 0 labelled')).toBeVisible();
		await page.reload();
		await expect(page.getByText('0 of 0 labelled')).toBeVisible();
	});

	/** Small images stored per transaction (INTAKE_BATCH in src/lib/worker/intake/intake-run.ts). */
	const BATCH = 200;

	test('the browser killed mid-import keeps every batch stored before, whole; reopened, the project shows them', async ({ baseURL }) => {
		test.setTimeout(240_000);
		const profile = mkdtempSync(join(tmpdir(), 'attune-killed-'));
		const launch = () => chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), baseURL });
		try {
			const before = await launch();
			const page = before.pages()[0] ?? (await before.newPage());
			await newProjectWithClasses(page, 'Survey', ['ring', 'bars']);
			const url = page.url().replace(/\?.*/, '');
			const images = await makeImages(page, 'ring', 1500);
			await page.getByTestId('sample-upload').setInputFiles(images);
			await expect.poll(() => held(page), { timeout: 120_000, intervals: [50] }).toBeGreaterThanOrEqual(2 * BATCH);

			// As the power going or the OS ending the browser would: no unload, no chance to finish.
			spawnSync('pkill', ['-KILL', '-f', profile]);
			await before.close().catch(() => undefined);

			const after = await launch();
			const reopened = after.pages()[0] ?? (await after.newPage());
			await reopened.goto(`${url}?backend=wasm`);
			await expect(reopened.getByTestId('suggestion').first()).toBeVisible({ timeout: 60_000 });
			const kept = await held(reopened);
			expect(kept).toBeGreaterThanOrEqual(2 * BATCH);
			expect(kept).toBeLessThan(1500); // it was stopped partway
			expect(kept % BATCH).toBe(0); // whole batches only: none half-stored
			const first = reopened.getByTestId('suggestion').first().locator('img').first();
			await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
			await reopened.screenshot({ path: test.info().outputPath('reopened-after-kill.png') });
			await after.close();
		} finally {
			rmSync(profile, { recursive: true, force: true });
		}
	});
});
