import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { makeImages } from './images';
import { card, newProjectWithClasses, saliencyInk } from './teach-helpers';
import { tinyGraphModel, tinyLayersClassifier, type ModelFiles } from '../fixtures/tiny-models';

/** Writes a model's files into a folder named `name`, as a user would have them on disk. */
function onDisk(name: string, model: ModelFiles): { json: string; weights: string } {
	const folder = join(mkdtempSync(join(tmpdir(), 'attune-model-')), name);
	mkdirSync(folder);
	const paths = { json: join(folder, 'model.json'), weights: join(folder, model.weightsName) };
	writeFileSync(paths.json, JSON.stringify(model.json));
	writeFileSync(paths.weights, model.weights);
	return paths;
}

async function openImport(page: Page) {
	await page.getByText('Import a pretrained model…').click();
}

const version = (page: Page) => async () => Number(await page.getByTestId('model-version').textContent());

test.describe('a pretrained feature extractor', () => {
	test('imported from files, it learns two kinds from two labels each, explains, and works offline after a reload', async ({ page, context }) => {
		await newProjectWithClasses(page, 'On features', ['ring', 'bars']);
		const images = [...(await makeImages(page, 'ring', 4)), ...(await makeImages(page, 'bars', 4, 7))];
		await page.getByTestId('sample-upload').setInputFiles(images);
		await expect(page.getByTestId('suggestion')).toHaveCount(8);
		await expect(page.getByTestId('model-kind')).toHaveText('Small CNN, trained from scratch');
		await expect(page.getByTestId('model-layers')).toHaveText('32×32 grey picture → conv 16 → pool → conv 32 → pool → dense 64 → 2 classes');
		await expect(page.getByTestId('model-learns-from')).toHaveText('Learns from your labels and from the unlabelled samples it is at least 95% sure of (pseudo-labels), each at half a label\'s weight; Control changes it.');

		const files = onDisk('edges', tinyGraphModel());
		await openImport(page);
		await page.getByTestId('model-name').fill('edges');
		await page.getByTestId('model-files').setInputFiles([files.json, files.weights]);

		await expect(page.getByTestId('model-kind')).toContainText('edges: imported graph model (16×16 colour → 8 features');
		await expect(page.getByTestId('model-layers')).toHaveText('8 features of edges → 2 classes, one weight per value and class');
		await expect(page.getByTestId('suggestion')).toHaveCount(8);
		await expect(card(page, 'ring-4.png').getByTestId('saliency')).toHaveAttribute('data-ready', 'yes');
		expect(await saliencyInk(page, 'ring-4.png')).toBeGreaterThan(0);

		for (const [i, [name, cls]] of ([['ring-1.png', 'ring'], ['bars-1.png', 'bars'], ['ring-2.png', 'ring'], ['bars-2.png', 'bars']] as const).entries()) {
			await card(page, name).click();
			await page.getByTestId(`correct-${cls}`).click();
			await expect.poll(version(page)).toBe(i + 1);
		}
		for (const name of ['ring-3.png', 'ring-4.png', 'bars-3.png', 'bars-4.png']) {
			await expect(card(page, name).getByTestId('suggestion-label')).toHaveText(name.split('-')[0]!);
		}
		const learned = await version(page)();
		await expect(page.getByTestId('activity')).toContainText('Imported the graph model “edges” from files');

		// Live mode sends whole frames to the extractor, not just the 32x32 copy.
		await page.getByTestId('webcam-open').click();
		await page.getByTestId('webcam-live').click();
		await expect(page.getByTestId('live').getByTestId('suggestion-confidence')).toHaveText(/^\d{1,3}%$/);
		await expect(page.getByTestId('live').getByTestId('saliency')).toHaveAttribute('data-ready', 'yes');
		await page.getByTestId('webcam-live').click();

		await context.setOffline(true);
		await page.reload();

		await expect(page.getByTestId('model-kind')).toContainText('edges: imported graph model');
		await expect(page.getByTestId('model-version')).toHaveText(String(learned));
		await expect(card(page, 'bars-4.png').getByTestId('suggestion-label')).toHaveText('bars');
		await context.setOffline(false);
	});

	test('downloaded from the app’s own server, a classifier is cut before its softmax; another origin is refused unasked', async ({ page, context }) => {
		const classifier = await tinyLayersClassifier();
		await context.route('**/test-models/tiny-classifier/**', (route) => {
			const url = route.request().url();
			return url.endsWith('model.json')
				? route.fulfill({ contentType: 'application/json', body: JSON.stringify(classifier.json) })
				: route.fulfill({ contentType: 'application/octet-stream', body: Buffer.from(classifier.weights) });
		});
		await newProjectWithClasses(page, 'Downloaded', ['ring', 'bars']);
		await openImport(page);

		await page.getByTestId('model-url').fill('https://models.example.com/mobilenet/model.json');
		await page.getByTestId('model-url-import').click();
		await expect(page.getByTestId('error')).toContainText('only connects to its own origin');
		await expect(page.getByTestId('model-kind')).toHaveText('Small CNN, trained from scratch');

		await page.getByTestId('model-url').fill('/test-models/tiny-classifier/model.json');
		await page.getByTestId('model-url-import').click();
		await expect(page.getByTestId('model-kind')).toContainText('tiny-classifier: imported layers model (16×16 colour → 8 features');

		await page.getByTestId('model-select').selectOption({ label: 'Small CNN, trained from scratch' });
		await expect(page.getByTestId('model-kind')).toHaveText('Small CNN, trained from scratch');
		await expect(page.getByTestId('model-select').locator('option')).toHaveCount(4); // by measurement, the built-in backbone, the CNN and the imported one: still stored, to switch back to
	});

	test('a model.json without its weights is refused, naming the missing file, and nothing is stored', async ({ page }) => {
		await newProjectWithClasses(page, 'Broken model', ['ring', 'bars']);
		const files = onDisk('edges', tinyGraphModel());
		await openImport(page);

		await page.getByTestId('model-files').setInputFiles([files.json]);

		await expect(page.getByTestId('error')).toContainText('model.json needs the weight file group1-shard1of1.bin');
		await expect(page.getByTestId('model-kind')).toHaveText('Small CNN, trained from scratch');
		await expect(page.getByTestId('model-select').locator('option')).toHaveCount(3); // by measurement, the built-in backbone and the CNN: nothing imported
	});
});
