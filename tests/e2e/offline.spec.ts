import { test, expect, open } from './fixtures';
import type { Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';

/** The service worker `vite preview` serves. */
const SERVICE_WORKER = '.svelte-kit/output/client/service-worker.js';

async function waitForServiceWorkerControl(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
		}
	});
}

test.describe('offline', () => {
	let deployed: string | undefined;
	test.beforeEach(() => {
		deployed = readFileSync(SERVICE_WORKER, 'utf8');
	});
	test.afterEach(() => {
		if (deployed) writeFileSync(SERVICE_WORKER, deployed);
	});

	test('after one visit the app starts, creates a project and keeps it with the network off', async ({ page, context }) => {
		await open(page);
		await waitForServiceWorkerControl(page);
		// The learner (and its .wasm) must be cached too, not just the shell.
		await expect(page.getByTestId('backend')).toHaveText('wasm', { timeout: 60_000 });

		await context.setOffline(true);
		await page.reload();
		await page.getByTestId('project-name').fill('Field notes');
		await page.getByTestId('project-new').click();
		await expect(page.getByTestId('project-title')).toHaveText('Field notes');
		await page.reload(); // a deep link, served offline by the service worker's shell

		await expect(page.getByTestId('project-title')).toHaveText('Field notes');
		await page.goto('/');
		await expect(page.getByTestId('project-open')).toHaveText('Field notes');
		await expect(page.getByTestId('backend')).toHaveText('wasm', { timeout: 60_000 });
	});

	test('the manifest and its icons make the app installable', async ({ page, request }) => {
		await open(page);
		const href = await page.locator('link[rel="manifest"]').getAttribute('href');
		const manifest = await (await request.get(href!)).json();

		expect(manifest).toMatchObject({ name: expect.stringContaining('Attune'), start_url: '/', display: 'standalone' });
		const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
		expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
		for (const icon of manifest.icons) expect((await request.get(icon.src)).status()).toBe(200);
	});

	test('a new version offers a reload, and reloading loses nothing', async ({ page }) => {
		await open(page);
		await waitForServiceWorkerControl(page);
		await page.getByTestId('project-name').fill('Before the update');
		await page.getByTestId('project-new').click();
		await expect(page.getByTestId('project-title')).toHaveText('Before the update');

		// Deploy a "new version": the service worker the preview server serves gets new bytes (a precache
		// revision changes, as in a real deploy; same length, since the server cached the file's size).
		writeFileSync(SERVICE_WORKER, deployed!.replace(/"revision":"([0-9a-f])/, (_, c: string) => `"revision":"${c === 'f' ? '0' : 'f'}`));
		await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

		await expect(page.getByTestId('update-ready')).toContainText('A new version is ready');
		await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
		await page.getByTestId('update-reload').click();

		await expect.poll(() => page.evaluate(() => 'beforeReload' in window).catch(() => true)).toBe(false);
		await expect(page.getByTestId('project-title')).toHaveText('Before the update');
		await expect(page.getByTestId('update-ready')).toBeHidden();
	});
});
