import { unzipSync, strFromU8 } from 'fflate';
import { test, expect } from './fixtures';
import { card, downloaded, sixSamplesTwoLabelled } from './teach-helpers';
import type { Page } from '@playwright/test';

/** Every card's file name, human label and suggestion as shown, in order. */
async function shown(page: Page): Promise<string[]> {
	return page.getByTestId('suggestion').evaluateAll((cards) =>
		cards.map((c) => ['img', '[data-testid="human-label"]', '[data-testid="suggestion-label"]', '[data-testid="suggestion-confidence"]']
			.map((sel, i) => (i === 0 ? c.querySelector('img')?.getAttribute('alt') : c.querySelector(sel)?.textContent)).join(' | ')));
}

test.describe('the user’s data is theirs', () => {
	test('export a project, delete it, import the file: identical samples, labels, audit trail and model predictions', async ({ page }) => {
		await page.goto('/settings');
		await expect(page.getByTestId('profile-name')).toHaveValue('me'); // the default, read from the database
		await page.getByTestId('profile-name').fill('Ms Rivera');
		await page.getByTestId('profile-save').click();
		await expect(page.getByTestId('profile-save')).toBeDisabled();
		await sixSamplesTwoLabelled(page, 'Round trip');
		await card(page, 'ring-2.png').click();
		await page.getByTestId('correct-ring').click();
		await card(page, 'bars-3.png').click();
		await page.getByTestId('rate-up').click();
		await expect(page.getByTestId('model-version')).toHaveText('4');
		// The file holds the model as it is once its background steps are done: compare with the cards then.
		await expect(page.getByTestId('practising')).toHaveCount(0, { timeout: 60_000 });
		await page.locator('summary', { hasText: /^Audit trail$/ }).click();
		await expect(page.getByTestId('audit-record').first()).toContainText('Ms Rivera');
		const trail = strFromU8(await downloaded(page, 'audit-export')).trim().split('\n');
		const before = await shown(page);
		const file = await downloaded(page, 'export-project');

		await page.goto('/');
		await page.getByTestId('project-delete').click();
		await page.getByTestId('confirm').click();
		await expect(page.getByTestId('project-card')).toHaveCount(0);
		await page.getByTestId('import-project').setInputFiles({ name: 'round-trip.attune.zip', mimeType: 'application/zip', buffer: file });

		await expect(page.getByTestId('project-title')).toHaveText('Round trip');
		await expect(page.getByTestId('model-version')).toHaveText('4');
		await expect.poll(() => shown(page)).toEqual(before);
		await page.locator('summary', { hasText: /^Audit trail$/ }).click();
		await page.getByTestId('audit-verify').click();
		await expect(page.getByTestId('audit-verdict')).toContainText('Intact');
		const after = strFromU8(await downloaded(page, 'audit-export')).trim().split('\n');
		expect(after.slice(0, trail.length)).toEqual(trail); // the exported trail, record for record
		const added = after.slice(trail.length).map((line) => JSON.parse(line).type);
		expect(added.at(-1)).toBe('project.import'); // then nothing but the export itself and the model saved for it
		expect(added.every((type) => ['model.update', 'project.export', 'project.import'].includes(type))).toBe(true);

		// The same file again, while the project is here: refused, nothing changes.
		await page.goto('/');
		await page.getByTestId('import-project').setInputFiles({ name: 'again.zip', mimeType: 'application/zip', buffer: file });
		await expect(page.getByTestId('error')).toContainText('already on this device');
		await expect(page.getByTestId('project-card')).toHaveCount(1);
		// Not a project at all: a clear message, nothing stored.
		await page.getByTestId('import-project').setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('just some text') });
		await expect(page.getByTestId('error')).toBeVisible();
		await expect(page.getByTestId('error')).not.toContainText('already on this device');
		await expect(page.getByTestId('project-card')).toHaveCount(1);
	});

	test('the exported model loads in a fresh page with plain tf.loadLayersModel and predicts as in the app', async ({ page, browser, baseURL }) => {
		await sixSamplesTwoLabelled(page, 'Model out');
		// The export is the model after its background steps: read the card once the status says they are done.
		await expect(page.getByTestId('practising')).toHaveCount(0, { timeout: 60_000 });
		const shownTop = await card(page, 'ring-3.png').evaluate((c) => [c.querySelector('[data-testid="suggestion-label"]')?.textContent, c.querySelector('[data-testid="suggestion-confidence"]')?.textContent]);
		const files = unzipSync(new Uint8Array(await downloaded(page, 'export-model')));
		const metadata = JSON.parse(strFromU8(files['metadata.json']!));
		const project = unzipSync(new Uint8Array(await downloaded(page, 'export-project')));
		const ring3 = strFromU8(project['samples.jsonl']!).trim().split('\n').map((l) => JSON.parse(l)).find((s) => s.name === 'ring-3.png');
		const input = Array.from(Buffer.from(ring3.input.base64, "base64"));

		// A fresh browser context (no app, no service worker) serving only the exported files.
		const elsewhere = await browser.newContext({ serviceWorkers: 'block', baseURL });
		const fresh = await elsewhere.newPage();
		await fresh.route('**/exported/*', (route) => {
			const name = new URL(route.request().url()).pathname.split('/').pop()!;
			return name === 'blank.html' ? route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }) : route.fulfill({ body: Buffer.from(files[name]!) });
		});
		await fresh.goto('/exported/blank.html');
		await fresh.addScriptTag({ path: 'node_modules/@tensorflow/tfjs/dist/tf.min.js' });
		const probs: number[] = await fresh.evaluate(async (ink) => {
			const tf = (globalThis as unknown as { tf: typeof import('@tensorflow/tfjs') }).tf;
			await tf.setBackend('cpu');
			const model = await tf.loadLayersModel('/exported/model.json');
			const x = tf.tensor4d(ink.map((v) => v / 255), [1, 32, 32, 1]);
			return Array.from(await (model.predict(x) as import('@tensorflow/tfjs').Tensor).data());
		}, input);

		await elsewhere.close();
		const best = probs.indexOf(Math.max(...probs));
		expect(metadata.labels[best]).toBe(shownTop[0]);
		// The confidence shown is calibrated; the metadata says how, and following it gives the same figure.
		const { temperature, labels } = metadata.userMetadata.calibration;
		const sharpened = probs.map((p) => p ** (1 / temperature));
		const weight = labels / (labels + Math.max(0.5, probs.length / 4));
		const shown = (weight * sharpened[best]!) / sharpened.reduce((a, b) => a + b, 0) + (1 - weight) / probs.length;
		expect(`${Math.round(shown * 100)}%`).toBe(shownTop[1]);
		expect(metadata.imageSize).toBe(32);
	});

	test('verify finds a record edited behind the app’s back', async ({ page }) => {
		await sixSamplesTwoLabelled(page, 'Tamper');
		await page.locator('summary', { hasText: /^Audit trail$/ }).click();
		await page.getByTestId('audit-verify').click();
		await expect(page.getByTestId('audit-verdict')).toContainText('Intact');

		// Someone edits the stored log directly: the first label now says it came from an import.
		await page.evaluate(() => new Promise<void>((resolve, reject) => {
			const open = indexedDB.open('attune');
			open.onsuccess = () => {
				const store = open.result.transaction('events', 'readwrite').objectStore('events');
				const cursor = store.openCursor();
				cursor.onsuccess = () => {
					const c = cursor.result;
					if (!c) return reject(new Error('no label record'));
					if (c.value.type !== 'sample.label') return c.continue();
					c.update({ ...c.value, via: 'import' }).onsuccess = () => resolve();
				};
			};
		}));
		await page.getByTestId('audit-verify').click();
		await expect(page.getByTestId('audit-verdict')).toContainText(/Tampered: Record \d+ was changed after it was written/);
	});
});
