import { test, expect, open } from './fixtures';
import type { Page } from '@playwright/test';

async function createProject(page: Page, name: string) {
	await page.getByTestId('project-name').fill(name);
	await page.getByTestId('project-new').click();
}

test.describe('projects', () => {
	test('create, open, rename, and find it listed with its details after a reload', async ({ page }) => {
		await open(page);
		await createProject(page, 'Garden birds');
		await expect(page.getByTestId('project-title')).toHaveText('Garden birds');
		await expect(page.getByTestId('activity')).toContainText('Created “Garden birds”');

		await page.getByRole('link', { name: 'Projects' }).click();
		const card = page.getByTestId('project-card');
		await expect(card).toHaveCount(1);
		await expect(card).toContainText('0 samples');
		await expect(card).toContainText('image');
		await card.getByTestId('project-rename').click();
		await card.getByTestId('project-rename-input').fill('Backyard birds');
		await card.getByTestId('project-rename-input').press('Enter');
		await expect(card.getByTestId('project-open')).toHaveText('Backyard birds'); // stored, then shown
		await page.reload();

		await expect(page.getByTestId('project-card').getByTestId('project-open')).toHaveText('Backyard birds');
	});

	test('delete asks first, and Undo brings the project back', async ({ page }) => {
		await open(page);
		await createProject(page, 'Keep me');
		await expect(page.getByTestId('project-title')).toHaveText('Keep me'); // stored: its page is open
		await page.goto('/');
		await page.getByTestId('project-delete').click();
		await expect(page.getByRole('dialog')).toContainText('“Keep me” and all its samples');
		await page.getByTestId('confirm').click();
		await expect(page.getByTestId('project-card')).toHaveCount(0);

		await page.getByTestId('toast-action').click();

		await expect(page.getByTestId('project-open')).toHaveText('Keep me');
		await page.reload();
		await expect(page.getByTestId('project-open')).toHaveText('Keep me');
	});

	test('cancelling the delete dialog keeps the project', async ({ page }) => {
		await open(page);
		await createProject(page, 'Still here');
		await expect(page.getByTestId('project-title')).toHaveText('Still here'); // stored: its page is open
		await page.goto('/');
		await page.getByTestId('project-delete').click();
		await page.keyboard.press('Escape');

		await expect(page.getByRole('dialog')).toBeHidden();
		await expect(page.getByTestId('project-open')).toHaveText('Still here');
	});

	test('an empty or 10,000-character name gets a clear message and creates nothing', async ({ page }) => {
		await open(page);
		await createProject(page, '   ');
		await expect(page.getByTestId('error')).toHaveText('Give the project a name.');

		await createProject(page, 'x'.repeat(10_000));
		await expect(page.getByTestId('error')).toContainText('at most 120 characters');

		await page.reload();
		await expect(page.getByTestId('projects-empty')).toBeVisible();
	});

	test('a name full of HTML renders as plain text', async ({ page }) => {
		const name = '<img src=x onerror="document.title=\'pwned\'"><b>bold</b>';
		await open(page);
		await createProject(page, name);
		await expect(page.getByTestId('project-title')).toHaveText(name);
		await page.goto('/');

		await expect(page.getByTestId('project-open')).toHaveText(name);
		await expect(page.locator('main img, main b')).toHaveCount(0);
		expect(await page.title()).not.toBe('pwned');
	});

	test('keyboard only: n focuses the name field, Enter creates', async ({ page }) => {
		await open(page);
		await page.locator('body').press('n');
		await expect(page.getByTestId('project-name')).toBeFocused();
		await page.keyboard.type('Typed project');
		await page.keyboard.press('Enter');

		await expect(page.getByTestId('project-title')).toHaveText('Typed project');
	});

	test('a project that does not exist says so', async ({ page }) => {
		await open(page, '/project/no-such-id');

		await expect(page.getByRole('heading', { name: 'Project not found' })).toBeVisible();
	});
});
