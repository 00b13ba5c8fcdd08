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
		// Version 3 is the model after the act's background steps too: the status says when they are done.
		await expect(page.getByTestId('practising')).toBeVisible();
		await expect(page.getByTestId('practising')).toHaveCount(0, { timeout: 60_000 });
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
		// Every card is re-scored by version 5 (its confidences may round to the same 100% as version 3's).
		await expect.poll(() => page.locator('[data-testid="suggestion"] .suggestion').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-version')))).toEqual(Array(6).fill('5'));

		await page.getByTestId('version-row').filter({ hasText: 'v3' }).getByTestId('rollback').click();
		await expect(version).toHaveText('3');
		// Version 3's classes; its confidences are calibrated by the labels given since (5, not 3), which a rollback keeps.
		const classesOf = (shown: string[]) => shown.map((s) => s.split(' ')[0]);
		await expect.poll(async () => classesOf(await shownSuggestions(page))).toEqual(classesOf(atThree));
		await expect.poll(() => page.locator('[data-testid="suggestion"] .suggestion').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-version')))).toEqual(Array(6).fill('3'));
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

		// A long look at a suggestion the model's label stands for is an accept; at a threshold of 100% none does, and it is a dwell.
		await page.getByTestId('threshold').fill('1');
		await expect(page.getByTestId('activity')).toContainText('≥ 100%');
		await card(page, 'bars-2.png').click();
		await page.waitForTimeout(3300); // looked at for longer than a dwell
		await card(page, 'bars-3.png').click();
		await expect(page.getByTestId('activity')).toContainText(/Implicit: dwell \(\w+\) after \d+\.\d s/);
		await expect(page.getByTestId('signal-seen-dwell')).toHaveText('1');
	});

	test('frozen, acts are kept but not learned; unfreezing learns them; a bad setting is refused with a message', async ({ page }) => {
		await sixSamplesTwoLabelled(page, 'Freeze');
		await expect(page.getByTestId('practising')).toHaveCount(0, { timeout: 60_000 });
		await page.locator('summary', { hasText: /^Control$/ }).click();
		await page.getByTestId('freeze').check();
		await expect(page.getByRole('status').filter({ hasText: 'Frozen' })).toBeVisible();

		const before = await shownSuggestions(page);
		await card(page, 'ring-2.png').click();
		await page.getByTestId('correct-ring').click();
		await expect(card(page, 'ring-2.png').getByTestId('human-label')).toHaveText('Labelled ring');
		// The learner has the act (it says so) and kept it: the model and what it suggests are as they were.
		await expect(page.getByTestId('held')).toHaveText('1');
		await expect(page.getByTestId('model-version')).toHaveText('2');
		expect(await shownSuggestions(page)).toEqual(before);

		await page.getByTestId('freeze').uncheck();
		await expect(page.getByTestId('model-version')).toHaveText('3');
		await page.getByTestId('freeze').check();
		await expect(page.getByRole('status').filter({ hasText: 'Frozen' })).toBeVisible();
		await expect(page.getByTestId('held')).toHaveCount(0); // learned, nothing waits

		await page.getByTestId('learning-rate').fill('5');
		await page.getByTestId('learning-rate').press('Enter');
		await page.getByTestId('learning-rate').blur();
		await expect(page.getByTestId('error')).toContainText('The learning rate must be between');
	});

	test('direct manipulation: tick and relabel many at once (one undo), drag a card onto a class, edit a copy keeping the original', async ({ page }) => {
		await sixSamplesTwoLabelled(page, 'Hands');
		const cell = (name: string) => page.locator('.cell').filter({ has: page.locator(`img[alt="${name}"]`) });

		await cell('ring-2.png').getByTestId('select-sample').check();
		await cell('ring-3.png').getByTestId('select-sample').check();
		await expect(page.getByTestId('selected-count')).toHaveText('2 ticked');
		await page.getByTestId('bulk-class').selectOption({ label: 'ring' });
		await page.getByTestId('bulk-relabel').click();
		await expect(card(page, 'ring-2.png').getByTestId('human-label')).toHaveText('Labelled ring');
		await expect(card(page, 'ring-3.png').getByTestId('human-label')).toHaveText('Labelled ring');
		await page.getByTestId('undo').click(); // one act, one undo
		await expect(card(page, 'ring-2.png').getByTestId('human-label')).toHaveText('Unlabelled');
		await expect(card(page, 'ring-3.png').getByTestId('human-label')).toHaveText('Unlabelled');

		// The browser's own drag events, with one DataTransfer carried from the card to the class.
		const transfer = await page.evaluateHandle(() => new DataTransfer());
		await card(page, 'bars-2.png').dispatchEvent('dragstart', { dataTransfer: transfer });
		const chip = page.getByTestId('class-chip').filter({ hasText: 'bars' });
		await chip.dispatchEvent('dragover', { dataTransfer: transfer });
		await chip.dispatchEvent('drop', { dataTransfer: transfer });
		await expect(card(page, 'bars-2.png').getByTestId('human-label')).toHaveText('Labelled bars');

		await card(page, 'bars-1.png').click();
		await page.getByTestId('edit-sample').click();
		await page.getByTestId('rotate-right').click();
		await page.getByTestId('editor-save').click();
		await expect(page.getByTestId('suggestion')).toHaveCount(7);
		await expect(card(page, 'bars-1 (edited).png').getByTestId('human-label')).toHaveText('Labelled bars');
		await expect(card(page, 'bars-1.png')).toHaveCount(1); // the original is kept
		await page.locator('summary', { hasText: /^Activity$/ }).click();
		await expect(page.getByTestId('activity')).toContainText('Edited a sample (rotate); the original is kept');
	});
});
