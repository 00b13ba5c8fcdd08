import { test, expect } from './fixtures';
import { card, sixSamplesTwoLabelled } from './teach-helpers';
import type { Page } from '@playwright/test';

/** Every card's suggestion as shown: label and confidence. */
async function shownSuggestions(page: Page): Promise<string[]> {
	return page.getByTestId('suggestion').evaluateAll((cards) => cards.map((c) => `${c.querySelector('[data-testid="suggestion-label"]')?.textContent} ${c.querySelector('[data-testid="suggestion-confidence"]')?.textContent}`));
}

test.describe('the human in control', () => {
	test('undo and redo of a correction restore the label and the model version; rollback brings back an older version’s suggestions', async ({ page }) => {
		await sixSamplesTwoLabelled(page, 'Control');
		const version = page.getByTestId('model-version');

		await card(page, 'ring-2.png').click();
		await page.getByTestId('correct-ring').click();
		await expect(version).toHaveText('3');
		await expect(card(page, 'ring-2.png').getByTestId('human-label')).toHaveText('Labelled ring');
		const atThree = await shownSuggestions(page);

		await page.getByTestId('undo').click();
		await expect(card(page, 'ring-2.png').getByTestId('human-label')).toHaveText('Unlabelled');
		await expect(version).toHaveText('2');
		await page.getByTestId('redo').click();
		await expect(card(page, 'ring-2.png').getByTestId('human-label')).toHaveText('Labelled ring');
		await expect(version).toHaveText('3');
		await expect.poll(() => shownSuggestions(page)).toEqual(atThree);
		await expect(page.getByTestId('activity')).toContainText('Labelled a sample ring (redo)');

		// Keep version 3, teach two more labels, then roll back to it.
		await page.locator('summary', { hasText: /^Model versions$/ }).click();
		await page.getByTestId('keep-version').click();
		await expect(page.getByTestId('version-row').filter({ hasText: 'v3' })).toBeVisible();
		await card(page, 'bars-2.png').click();
		await page.getByTestId('correct-bars').click();
		await card(page, 'bars-3.png').click();
		await page.getByTestId('correct-bars').click();
		await expect(version).toHaveText('5');
		await expect.poll(() => shownSuggestions(page)).not.toEqual(atThree);

		await page.getByTestId('version-row').filter({ hasText: 'v3' }).getByTestId('rollback').click();
		await expect(version).toHaveText('3');
		await expect.poll(() => shownSuggestions(page)).toEqual(atThree);
		await expect(page.getByTestId('activity')).toContainText('Rolled the model back from version 5 to 3');
		// The labels stay the human's: rollback changes the model, not the data.
		await expect(card(page, 'bars-3.png').getByTestId('human-label')).toHaveText('Labelled bars');
	});

	test('a rating and a dwell each show up as events and in the signal counts', async ({ page }) => {
		await sixSamplesTwoLabelled(page, 'Signals');
		await page.locator('summary', { hasText: /^Control$/ }).click();
		await page.locator('summary', { hasText: /^Activity$/ }).click();

		await card(page, 'ring-3.png').click();
		await page.getByTestId('rate-up').click();
		await expect(page.getByTestId('activity')).toContainText('Thumbs up for');
		await expect(page.getByTestId('signal-seen-up')).toHaveText('1');
		await expect(page.getByTestId('model-version')).toHaveText('3'); // a rating teaches

		await card(page, 'bars-2.png').click();
		await page.waitForTimeout(3300); // looked at for longer than a dwell
		await card(page, 'bars-3.png').click();
		await expect(page.getByTestId('activity')).toContainText(/Implicit: dwell \(\w+\) after \d+\.\d s/);
		await expect(page.getByTestId('signal-seen-dwell')).toHaveText('1');
	});
});
