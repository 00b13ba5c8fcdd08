import type { Page } from '@playwright/test';
import { test, expect, open } from './fixtures';

async function openDemo(page: Page) {
	await open(page);
	await page.getByTestId('demo-digits').click();
	await expect(page.getByTestId('suggestion').first()).toBeVisible({ timeout: 60_000 });
	await expect(page.getByTestId('queue-item').first()).toBeVisible({ timeout: 60_000 });
}

const names = (page: Page) => page.getByTestId('queue-item').locator('.name').allTextContents();
const count = async (page: Page, id: string) => Number(await page.getByTestId(id).textContent());
const settled = (page: Page) => expect(page.getByTestId('queue').getByText('re-ranking…')).toHaveCount(0);

test.describe('the active-learning queue', () => {
	test('shows why it asks, re-orders when the strategy changes, and the threshold decides what goes to the human', async ({ page }) => {
		await openDemo(page);
		await expect(page.getByTestId('queue-item').first().locator('.why')).toHaveText(/unlike anything labelled yet|far from the labelled samples|random audit pick/);
		await settled(page);
		const diverse = await names(page);

		await page.getByTestId('strategy-select').selectOption({ label: 'Smallest margin' });

		await expect.poll(() => names(page)).not.toEqual(diverse);
		await expect(page.getByTestId('queue-item').filter({ hasNotText: 'random audit' }).first().locator('.why')).toHaveText(/^near the boundary: \d+% \S+ vs \d+% \S+$/);
		await expect(page.getByTestId('activity')).toContainText('Asking changed: margin');

		// Until the human has taught it two classes, the model labels nothing, however low the threshold.
		await page.getByTestId('threshold').fill('0.1'); // ten classes: every top guess is at least 10%
		await expect(page.getByTestId('activity')).toContainText('≥ 10%');
		expect(await count(page, 'queue-auto')).toBe(0);
		await page.getByTestId('queue-item').first().locator('button').click();
		for (const key of ['1', '2']) {
			const version = Number(await page.getByTestId('model-version').textContent());
			await page.locator('body').press(key);
			await expect.poll(async () => Number(await page.getByTestId('model-version').textContent())).toBeGreaterThan(version);
		}

		await expect.poll(() => count(page, 'queue-human')).toBe(0);
		expect(await count(page, 'queue-auto')).toBe(298);
		await expect(page.getByTestId('model-label').first()).toContainText('(auto)');
		await expect(page.getByText(/\b2 of 300 labelled/)).toBeVisible(); // the model's labels are not the human's
		await page.getByTestId('threshold').fill('1');
		await expect.poll(() => count(page, 'queue-auto')).toBe(0);
		expect(await count(page, 'queue-human')).toBeGreaterThan(0);
		await page.getByTestId('threshold').fill('0.1');
		await expect.poll(() => count(page, 'queue-auto')).toBe(298);

		// One class can ask for more certainty than the rest: its suggestions go back to the human.
		const strict = await page.getByTestId('suggestion').first().getByTestId('suggestion-label').textContent();
		await page.getByText('Thresholds per class').click();
		await page.getByTestId(`threshold-${strict}`).fill('1');
		await expect.poll(() => count(page, 'queue-auto')).toBeLessThan(298);
		await expect(page.getByTestId('activity')).toContainText(`(${strict} ≥ 100%)`);
	});

	test('random audit picks take about the configured share of the queue, and their outcomes estimate accuracy', async ({ page }) => {
		await openDemo(page);
		await page.getByTestId('audit-share').selectOption({ label: '30%' });
		await expect(page.getByTestId('activity')).toContainText('30% audits');

		let audits = 0;
		let slots = 0;
		for (let round = 0; round < 6; round++) {
			await settled(page);
			audits += await count(page, 'queue-audits');
			slots += 20; // the queue ranks 20 of the 300
			// Answer an audit pick when one is shown: its outcome is what the estimate is made of.
			const audit = page.locator('[data-testid="queue-item"][data-audit="yes"] button').first();
			if (await audit.count()) await audit.click();
			const version = Number(await page.getByTestId('model-version').textContent());
			await page.locator('body').press(String(1 + (round % 3)));
			await expect.poll(async () => Number(await page.getByTestId('model-version').textContent())).toBeGreaterThan(version);
		}

		expect(audits / slots).toBeGreaterThan(0.12);
		expect(audits / slots).toBeLessThan(0.5);
		await expect(page.getByTestId('audit-accuracy')).toContainText(/right \d+% of the time\s+\(95% between \d+% and \d+%, \d+ checks?; 6 labels in all\)/);
	});

	test('counts the random audits answered towards the labels-saved estimate', async ({ page }) => {
		test.slow(); // ten acts, each followed by a re-rank and a baseline update
		await openDemo(page);
		await page.getByTestId('audit-share').selectOption({ label: '30%' });
		// The demo has 10 classes: the baseline's outcomes count once it has learned 10 audit picks, and 5 more are needed.
		await expect(page.getByTestId('labels-saved')).toContainText('shown after 15 random checks (0 so far)');

		// Answer the audit pick when the queue shows one (it shows eight), otherwise its first item.
		let answered = 0;
		for (let act = 0; answered < 10; act++) {
			expect(act, 'audit picks should keep coming at a 30% share').toBeLessThan(40);
			await settled(page);
			const audit = page.locator('[data-testid="queue-item"][data-audit="yes"] button').first();
			const isAudit = (await audit.count()) > 0;
			await (isAudit ? audit : page.getByTestId('queue-item').first().locator('button')).click();
			const version = Number(await page.getByTestId('model-version').textContent());
			await page.locator('body').press(String(1 + (act % 3)));
			await expect.poll(async () => Number(await page.getByTestId('model-version').textContent())).toBeGreaterThan(version);
			if (isAudit && ++answered === 5) await expect(page.getByTestId('labels-saved')).toContainText('(5 so far)');
		}

		// Ten audit outcomes counted, each judged by the live model and by the baseline taught only the audits;
		// the estimate waits for five past the baseline's first ten (the interval itself is unit-tested).
		await expect(page.getByTestId('labels-saved')).toContainText('shown after 15 random checks (10 so far)');
	});
});
