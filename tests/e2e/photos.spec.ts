import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { card, labelThroughKeys, newProjectWithClasses, rightOnTheRest, showCard, version } from './teach-helpers';

/** Real photos: the first ten of each CIFAR-10 class in ../shared/data (32x32 JPEGs), named `<class>-<n>.jpg`. */
const CIFAR = join(import.meta.dirname, '../../../shared/data/cifar10-train-100');
const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const PER_CLASS = 10;
const LABELLED = 3;

function photos(): string[] {
	const folder = mkdtempSync(join(tmpdir(), 'attune-cifar-'));
	return CLASSES.flatMap((c) =>
		Array.from({ length: PER_CLASS }, (_, n) => {
			const path = join(folder, `${c}-${n}.jpg`);
			copyFileSync(join(CIFAR, c, `000${n}.jpg`), path);
			return path;
		})
	);
}

test.describe('photos on the built-in backbone', () => {
	test('100 CIFAR photos, 3 labelled a class through the keys: the suggestions on the rest are well above chance, the Model panel names MobileNetV2, and it all works offline after a reload', async ({ page, context }) => {
		test.setTimeout(480_000);
		await newProjectWithClasses(page, 'Ten kinds of photo', CLASSES, 'wasm', 'image', 'measured'); // the default
		await page.getByTestId('sample-upload').setInputFiles(photos());
		await expect(page.getByText(`0 of ${CLASSES.length * PER_CLASS} labelled`)).toBeVisible();
		await expect(page.getByTestId('model-kind')).toHaveText('MobileNetV2, pretrained on ImageNet, built in (224×224 colour → 1,280 features, 1.7 MB), with a head that learns your classes');
		await expect(page.getByTestId('model-layers')).toHaveText('1280 features of MobileNetV2 → 10 classes, one weight per value and class');

		await labelThroughKeys(page, CLASSES, LABELLED);
		await expect(page.getByText(`${CLASSES.length * LABELLED} of ${CLASSES.length * PER_CLASS} labelled`)).toBeVisible();
		// Every photo through the backbone, and the head's idle steps done (a person looking at the result gives it that time).
		await expect(page.getByTestId('model-preparing')).toHaveCount(0, { timeout: 240_000 });
		await expect(page.getByTestId('practising')).toHaveCount(0, { timeout: 60_000 });
		await expect(page.getByTestId('scoring')).toHaveCount(0, { timeout: 60_000 });
		// The model choice's check, in the idle refit: on photos the small CNN on the pixels does not come near.
		await expect(page.getByTestId('refit-note')).toContainText('The pretrained backbone stays.', { timeout: 180_000 });
		await expect(page.getByTestId('model-choice')).toContainText(/At \d+ labels/);
		await expect(page.getByTestId('model-choice')).toContainText('the backbone stays.');
		await page.screenshot({ path: test.info().outputPath('photos-after-30-labels.png') });

		// This walk replayed in Node through the session code (the same photos, labels and order) is right
		// on 30 of the 70 (0.429); here it was right on 25 (0.357), the JPEG decoder being the browser's.
		// The small CNN on the same labels: 15%; chance: 10%.
		const { right, shown } = await rightOnTheRest(page);
		expect(shown).toBe(CLASSES.length * (PER_CLASS - LABELLED));
		expect(right / shown).toBeGreaterThanOrEqual(0.25);
		const learned = await version(page);

		// The backbone is in the service worker's precache: a new device offline from the first visit has it.
		const precached = await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			return Promise.all(['/models/mobilenet-v2-0.35-224/model.json', '/models/mobilenet-v2-0.35-224/weights.bin'].map(async (url) => !!(await caches.match(url, { ignoreSearch: true }))));
		});
		expect(precached).toEqual([true, true]);

		await context.setOffline(true);
		await page.reload();
		await expect(page.getByTestId('model-kind')).toContainText('MobileNetV2, pretrained on ImageNet, built in');
		await expect(page.getByTestId('model-version')).toHaveText(String(learned));
		await showCard(page, 'ship-9.jpg');
		await expect(card(page, 'ship-9.jpg').getByTestId('suggestion-label')).toHaveText(/\w/);
		expect((await rightOnTheRest(page)).right).toBe(right); // the same model, reopened offline
		await page.getByTestId('model-kind').scrollIntoViewIfNeeded();
		await page.screenshot({ path: test.info().outputPath('photos-model-panel.png') });

		// On a phone the Model panel fits the width.
		await page.setViewportSize({ width: 390, height: 844 });
		await page.getByTestId('model-kind').scrollIntoViewIfNeeded();
		expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
		await page.screenshot({ path: test.info().outputPath('photos-phone-model.png') });
		await context.setOffline(false);
	});
});
