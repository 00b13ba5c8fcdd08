import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parseDigitsCsv } from '../../src/lib/core/data/digits';
import { test, expect, open } from './fixtures';
import { makeImages } from './images';
import { card, newProjectWithClasses } from './teach-helpers';

/** The demo's digits, as the app bundles them: "Digit N" is row N - 1. */
const truth = parseDigitsCsv(readFileSync(new URL('../../static/demo/digits.csv', import.meta.url), 'utf8')).map((r) => r.label);
const version = async (page: Page) => Number(await page.getByTestId('model-version').textContent());

/** Answers the focused sample truthfully by its key, as a teacher would, and waits for the model to learn it. */
async function answer(page: Page): Promise<void> {
	const name = (await page.getByTestId('focus').getByText(/^Digit \d+$/).textContent())!;
	const digit = truth[Number(name.replace('Digit ', '')) - 1]!;
	const before = await version(page);
	await page.locator('body').press(digit);
	await expect.poll(() => version(page)).toBeGreaterThan(before);
}

test.describe('insights: what the teaching did', () => {
	test('the digits demo shows the learning curve, the confusion matrix with its samples, the reliability diagram; the report downloads and reads offline', async ({ page, browser }) => {
		test.setTimeout(300_000);
		await open(page);
		await page.getByTestId('demo-digits').click();
		await expect(page.getByTestId('queue-item').first()).toBeVisible({ timeout: 60_000 });
		await page.getByTestId('insights-open').click();
		// Nothing judged yet: said in words, never a chart of nothing.
		await expect(page.getByTestId('insights-empty')).toContainText('Not enough labels to tell yet');
		await expect(page.getByTestId('insights-curve')).toHaveCount(0);
		await expect(page.getByTestId('insights')).not.toContainText('NaN');

		await page.getByTestId('queue-item').first().locator('button').click();
		for (let i = 0; i < 24; i++) await answer(page);

		const insights = page.getByTestId('insights');
		await expect(insights.getByTestId('insights-curve')).toHaveAttribute('data-ready', 'yes');
		await expect(insights.getByTestId('reliability')).toHaveAttribute('data-ready', 'yes');
		await expect(insights.getByTestId('calibration-note')).toContainText(/temperature \d\.\d\d, fitted on \d+ labels/);
		await expect(insights.getByTestId('confusion-matrix')).toBeVisible();
		await expect(insights).not.toContainText('NaN');

		// A cell lists the samples behind it; one of them opens in the focus.
		const cell = insights.getByTestId('confusion-cell').and(page.locator(':not([disabled])')).first();
		const count = Number(await cell.textContent());
		await cell.click();
		await expect(insights.getByTestId('confusion-sample')).toHaveCount(count);
		const listed = await insights.getByTestId('confusion-sample').first().textContent();
		await insights.getByTestId('confusion-sample').first().click();
		await expect(page.getByTestId('focus').getByText(/^Digit \d+$/)).toHaveText(listed!);
		await page.screenshot({ path: test.info().outputPath('insights-desktop.png'), fullPage: true });

		// The report: one HTML file, the charts inside it, naming the model version; it opens with the network off.
		const shown = await version(page);
		const [download] = await Promise.all([page.waitForEvent('download'), insights.getByTestId('export-report').click()]);
		const path = test.info().outputPath('report.html');
		await download.saveAs(path);
		const html = readFileSync(path, 'utf8');
		expect(download.suggestedFilename()).toMatch(/model-v\d+-report\.html$/);
		expect(html).toContain(`Model version ${shown}`);
		expect(html).not.toMatch(/<script|<link|src="http|url\(/i);
		// A reader without Attune, in a browser of its own with the network off (the file is not the app's origin).
		const elsewhere = await browser.newContext({ offline: true });
		const reader = await elsewhere.newPage();
		await reader.goto(`file://${path}`);
		await expect(reader.locator('h1')).toContainText('model report');
		const drawn = await reader.locator('img').evaluateAll((images) => images.map((i) => (i as HTMLImageElement).naturalWidth));
		expect(drawn.length).toBeGreaterThanOrEqual(2);
		expect(drawn.every((w) => w > 0)).toBe(true);
		await reader.screenshot({ path: test.info().outputPath('report.png'), fullPage: true });
		await elsewhere.close();

		await page.setViewportSize({ width: 390, height: 844 });
		await insights.scrollIntoViewIfNeeded();
		await page.screenshot({ path: test.info().outputPath('insights-phone.png') });
	});

	test('a sample of a kind never taught is marked as unlike anything taught, is not auto-accepted, and is asked about first', async ({ page }) => {
		await page.setViewportSize({ width: 1280, height: 2400 }); // every card in view (the grid draws only those near it)
		await newProjectWithClasses(page, 'Novelty', ['ring', 'bars']);
		await page.getByTestId('sample-upload').setInputFiles([...(await makeImages(page, 'ring', 8)), ...(await makeImages(page, 'bars', 8, 7))]);
		await expect(page.getByTestId('suggestion')).toHaveCount(16);
		for (const [kind, n] of [['ring', 7], ['bars', 7]] as const) {
			for (let i = 1; i <= n; i++) {
				const before = await version(page);
				await card(page, `${kind}-${i}.png`).click();
				await page.getByTestId(`correct-${kind}`).click();
				await expect.poll(() => version(page)).toBeGreaterThan(before);
			}
		}
		// However low the auto-accept threshold, a kind of picture never taught (a white ring on black) is not taken as one of them.
		await page.getByTestId('threshold').fill('0.5');
		await page.getByTestId('sample-upload').setInputFiles(await makeImages(page, 'negative', 3, 3));
		await expect(page.getByTestId('suggestion')).toHaveCount(19);

		// The most novel goes to the human first, with its own reason, and is marked beside its suggestion.
		const head = page.getByTestId('queue-item').first();
		await expect(head.locator('.why')).toContainText('unlike anything you taught');
		await expect(head.locator('.name')).toHaveText(/^negative-\d\.png$/);
		const negative = card(page, (await head.locator('.name').textContent())!);
		await expect(negative.getByTestId('novel')).toHaveText('Unlike anything you taught');
		await expect(negative.getByTestId('model-label')).toHaveCount(0); // not auto-accepted
		await expect(card(page, 'bars-8.png').getByTestId('model-label')).toBeVisible(); // a picture of a taught kind is

		await negative.click();
		await page.screenshot({ path: test.info().outputPath('novel-desktop.png'), fullPage: true });
		await page.setViewportSize({ width: 390, height: 844 });
		await page.screenshot({ path: test.info().outputPath('novel-phone.png') });
		await page.setViewportSize({ width: 1280, height: 2400 });

		// The threshold is the human's, and changing it is logged.
		await page.getByTestId('novelty-threshold').fill('6');
		await expect(page.getByTestId('activity')).toContainText('novel beyond 6.0×');
		await expect(page.getByTestId('novel')).toHaveCount(0);
	});
});
