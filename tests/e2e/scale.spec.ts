import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { makeImages } from './images';
import { newProjectWithClasses } from './teach-helpers';

const SIZE = 2000;

/** Labels the focused sample by its key (1 ring, 2 bars) and waits for the version after it. */
async function labelFocused(page: Page): Promise<number> {
	const version = Number(await page.getByTestId('model-version').textContent());
	const name = await page.getByTestId('focus').locator('figcaption').first().textContent();
	await page.keyboard.press(name!.startsWith('ring') ? '1' : '2');
	await expect(page.getByTestId('model-version')).not.toHaveText(String(version));
	return version + 1;
}

interface Seen {
	version: string | null;
	scoring: string | null;
	focusVersion: string | null;
}

test.describe('a project of thousands of pictures', () => {
	test('an act shows the new version and the focused sample’s fresh suggestion while the samples off screen are still being re-scored', async ({ page }) => {
		test.setTimeout(600_000);
		await newProjectWithClasses(page, 'Thousands', ['ring', 'bars']);
		const images = [...(await makeImages(page, 'ring', SIZE / 2)), ...(await makeImages(page, 'bars', SIZE / 2, 7))];
		await page.getByTestId('sample-upload').setInputFiles(images);
		await expect(page.getByText(`0 of ${SIZE.toLocaleString('en')} labelled`)).toBeVisible({ timeout: 300_000 });
		await expect(page.getByTestId('focus').getByTestId('suggestion-confidence')).toBeVisible({ timeout: 120_000 });
		await labelFocused(page);
		await labelFocused(page);
		await expect(page.getByTestId('scoring')).toBeHidden({ timeout: 120_000 }); // the whole pool is on the latest version

		// What the page shows at the very moment the act's version appears.
		await page.evaluate(() => {
			const version = document.querySelector('[data-testid="model-version"]')!;
			const seen: Seen[] = ((window as unknown as { seen: Seen[] }).seen = []);
			new MutationObserver(() =>
				seen.push({
					version: version.textContent,
					scoring: document.querySelector('[data-testid="scoring"]')?.textContent ?? null,
					focusVersion: document.querySelector('[data-testid="focus"] .suggestion')?.getAttribute('data-version') ?? null
				})
			).observe(version, { childList: true, characterData: true, subtree: true });
		});
		const version = await labelFocused(page);
		const [atAct] = await page.evaluate(() => (window as unknown as { seen: Seen[] }).seen);

		expect(atAct!.version).toBe(String(version));
		expect(atAct!.focusVersion).toBe(String(version));
		const [, scored, pool] = atAct!.scoring!.match(/re-scoring ([\d,]+) of ([\d,]+)/)!.map((n) => Number(n.replace(/,/g, '')));
		expect(pool).toBe(SIZE);
		expect(scored).toBeGreaterThan(0); // what is on screen came with the act
		expect(scored).toBeLessThan(SIZE / 2); // and most of the pool is left to the background
		await page.screenshot({ path: test.info().outputPath('thousands-desktop.png') });

		// The background re-scoring catches up; a card far down the grid then shows this version.
		await expect(page.getByTestId('scoring')).toBeHidden({ timeout: 120_000 });
		await page.getByTestId('sample-grid').evaluate((grid) => grid.scrollTo({ top: grid.scrollHeight }));
		const last = page.getByTestId('suggestion').last();
		await expect(last).toHaveAttribute('data-stale', 'no');
		await expect(last.locator('.suggestion')).toHaveAttribute('data-version', String(version));

		await page.setViewportSize({ width: 390, height: 844 });
		await page.evaluate(() => window.scrollTo(0, 0));
		await page.screenshot({ path: test.info().outputPath('thousands-phone.png') });
		await expect(page.getByTestId('focus').getByTestId('accept')).toBeInViewport();
	});
});
