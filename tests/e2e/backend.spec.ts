import { test, expect, open } from './fixtures';

test.describe('compute backend', () => {
	test('automatic selection tries every backend, WebGPU included, and shows the one in use', async ({ page }) => {
		await open(page, '/settings', null);

		await expect(page.getByTestId('backend')).toHaveText(/^(webgpu|webgl|wasm|cpu)$/, { timeout: 90_000 });
		const trials = page.getByTestId('backend-trials');
		await expect(trials.locator('tbody tr')).toHaveCount(4);
		await expect(trials.getByRole('row', { name: /webgpu/ })).toBeVisible();
	});

	test('a later start checks only the backend measured at the first, and “Measure again” tries every one', async ({ page }) => {
		await open(page, '/settings', null);
		await expect(page.getByTestId('backend')).toBeVisible({ timeout: 90_000 });
		const chosen = await page.getByTestId('backend').textContent();
		await expect(page.getByTestId('backend-measured')).toContainText('Every backend was tried at this start');

		await page.reload();

		await expect(page.getByTestId('backend')).toHaveText(chosen!, { timeout: 90_000 });
		await expect(page.getByTestId('backend-measured')).toContainText(`this start checked ${chosen} alone`);
		await expect(page.getByTestId('backend-trials').locator('tbody tr')).toHaveCount(4); // as measured
		await page.getByTestId('backend-measure-again').click();
		await expect(page.getByTestId('backend-measured')).toContainText('Every backend was tried at this start', { timeout: 90_000 });
		await page.reload();
		await expect(page.getByTestId('backend-measured')).toContainText(`this start checked ${chosen} alone`, { timeout: 90_000 });
	});

	test('WebGPU can be forced and trains through the real WebGPU path', async ({ page }) => {
		await open(page, '/settings', 'webgpu');

		await expect(page.getByTestId('backend')).toHaveText('webgpu', { timeout: 90_000 });
		await expect(page.getByTestId('backend-adapter')).not.toBeEmpty();
		await expect(page.getByTestId('backend-trials').getByRole('row', { name: /webgpu/ })).toContainText('yes');
	});

	test('forcing wasm in settings is used at once and kept after a reload', async ({ page }) => {
		await open(page, '/settings', null);
		await expect(page.getByTestId('backend')).toBeVisible({ timeout: 90_000 });

		await page.getByTestId('backend-select').selectOption('wasm');

		await expect(page.getByTestId('backend')).toHaveText('wasm', { timeout: 60_000 });
		await expect(page.getByTestId('backend-trials').locator('tbody tr')).toHaveCount(1);
		await page.reload();
		await expect(page.getByTestId('backend')).toHaveText('wasm', { timeout: 60_000 });
		await expect(page.getByTestId('backend-select')).toHaveValue('wasm');
	});

	test('tfjs runs in the learner worker, never in the page', async ({ page }) => {
		await open(page);
		await expect(page.getByTestId('backend')).toBeVisible({ timeout: 60_000 });

		// Every script the page loaded for itself; the worker's entry is fetched by the page but runs in the worker.
		const tfjsInPage = await page.evaluate(async () => {
			const scripts = performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js') && !n.includes('/workers/'));
			const texts = await Promise.all(scripts.map((url) => fetch(url).then((r) => r.text())));
			return scripts.filter((_, i) => texts[i]!.includes('Conv2DBackpropFilter'));
		});
		expect(tfjsInPage).toEqual([]);
		expect(page.workers().some((w) => /learner\.worker/.test(w.url()))).toBe(true);
	});
});
