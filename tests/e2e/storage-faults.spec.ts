import { test, expect, open } from './fixtures';

test.describe('storage faults', () => {
	test('without IndexedDB (private mode) the user is told their work cannot be saved', async ({ page }) => {
		await page.addInitScript(() => {
			Object.defineProperty(window, 'indexedDB', { get: () => undefined });
		});
		await open(page);

		await expect(page.getByTestId('error')).toContainText('not letting Attune store data');
	});

	test('a full disk gets a clear message and leaves stored projects unchanged', async ({ page }) => {
		await open(page);
		await page.getByTestId('project-name').fill('Existing');
		await page.getByTestId('project-new').click();
		await expect(page.getByTestId('project-title')).toHaveText('Existing');
		await page.goto('/');
		await expect(page.getByTestId('project-card')).toHaveCount(1);

		// From now on every write fails the way a browser does when the quota is exhausted.
		await page.evaluate(() => {
			const fail = () => {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			};
			IDBObjectStore.prototype.add = fail;
			IDBObjectStore.prototype.put = fail;
		});
		await page.getByTestId('project-name').fill('One too many');
		await page.getByTestId('project-new').click();

		await expect(page.getByTestId('error')).toContainText('no room left');
		await page.reload();
		await expect(page.getByTestId('project-open')).toHaveText(['Existing']);
	});
});
