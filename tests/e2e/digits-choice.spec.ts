import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { greyPng, type TestImage } from './images';
import { labelThroughKeys, newProjectWithClasses, rightOnTheRest, version } from './teach-helpers';

/** UCI handwritten digits (8x8, 0-16 a pixel) in ../shared/data, drawn here as 28x28 pictures: white ink on black, as MNIST's. */
const DIGITS = join(import.meta.dirname, '../../../shared/data/digits.csv');
const CLASSES = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'zero'];
const PER_CLASS = 10;
const LABELLED = 3;
const SIDE = 28;

/** The first PER_CLASS digits of each class as PNGs named `<class>-<n>.png` (the 8x8 grid scaled up bilinearly, a 2-pixel margin). */
function digitPictures(): TestImage[] {
	const rows = readFileSync(DIGITS, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
	const seen = new Map<number, number>();
	const out: TestImage[] = [];
	for (const row of rows) {
		const digit = row[64]!;
		const n = seen.get(digit) ?? 0;
		if (n >= PER_CLASS) continue;
		seen.set(digit, n + 1);
		const pixels = new Uint8Array(SIDE * SIDE);
		const inner = SIDE - 4;
		for (let y = 0; y < inner; y++)
			for (let x = 0; x < inner; x++) {
				const [gy, gx] = [Math.min(7, Math.max(0, ((y + 0.5) * 8) / inner - 0.5)), Math.min(7, Math.max(0, ((x + 0.5) * 8) / inner - 0.5))];
				const [y0, x0] = [Math.floor(gy), Math.floor(gx)];
				const [y1, x1, fy, fx] = [Math.min(7, y0 + 1), Math.min(7, x0 + 1), gy - y0, gx - x0];
				const at = (yy: number, xx: number) => row[yy * 8 + xx]!;
				const v = (at(y0, x0) * (1 - fx) + at(y0, x1) * fx) * (1 - fy) + (at(y1, x0) * (1 - fx) + at(y1, x1) * fx) * fy;
				pixels[(y + 2) * SIDE + x + 2] = Math.round((v / 16) * 255);
			}
		out.push({ name: `${CLASSES[(digit + 9) % 10]}-${n}.png`, mimeType: 'image/png', buffer: greyPng(SIDE, SIDE, pixels) });
	}
	return out;
}

test.describe('a picture project whose model is chosen by measurement', () => {
	test('100 handwritten digits as 28x28 pictures, 3 labelled a class through the keys: the small CNN on the pixels takes over from the backbone, with its figures in the Model panel and the audit trail, and stays after a reload', async ({ page }) => {
		test.setTimeout(480_000);
		await newProjectWithClasses(page, 'Digits', CLASSES, 'wasm', 'image', 'measured');
		await page.getByTestId('sample-upload').setInputFiles(digitPictures());
		await expect(page.getByText(`0 of ${CLASSES.length * PER_CLASS} labelled`)).toBeVisible();
		await expect(page.getByTestId('model-kind')).toContainText('MobileNetV2, pretrained on ImageNet, built in');
		await expect(page.getByTestId('model-choice')).toContainText('No check yet.');

		await labelThroughKeys(page, CLASSES, LABELLED, 'png');
		await expect(page.getByText(`${CLASSES.length * LABELLED} of ${CLASSES.length * PER_CLASS} labelled`)).toBeVisible();

		// The human pauses: the idle refit's check cross-validates both on the 30 labels, and the CNN wins.
		await expect(page.getByTestId('refit-note')).toContainText('The project learns on the pictures\' pixels now.', { timeout: 240_000 });
		await expect(page.getByTestId('model-kind')).toHaveText('Small CNN, trained from scratch');
		await expect(page.getByTestId('model-choice')).toContainText(/At \d+ labels: the MobileNetV2 head \d+ right [^:]*, the small CNN \d+ [^:]*:\s+the small CNN took over\./);
		await expect(page.getByTestId('model-select')).toHaveValue('measured');
		await expect(page.getByTestId('practising')).toHaveCount(0, { timeout: 60_000 });
		await expect(page.getByTestId('scoring')).toHaveCount(0, { timeout: 60_000 });
		await page.getByTestId('model-choice').scrollIntoViewIfNeeded();
		await page.screenshot({ path: test.info().outputPath('digits-model-choice.png') });
		// The panel's figures and its select fit the side column: the page is no wider than the screen.
		expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

		// Here, in two runs, 64 and 66 of the 70 (0.91, 0.94); the backbone's head on the same 30 labels
		// answered 8 of 30 held out (the al bench on 1,000 such digits: 0.56 on the rest at 30 labels on
		// the backbone, 0.80 by measurement). Chance: 0.10.
		const { right, shown } = await rightOnTheRest(page);
		expect(shown).toBe(CLASSES.length * (PER_CLASS - LABELLED));
		expect(right / shown).toBeGreaterThanOrEqual(0.6);

		await page.locator('summary', { hasText: /^Activity$/ }).click();
		await expect(page.getByTestId('activity')).toContainText(/With \d+ labels, the small CNN on the pictures' pixels took over from the backbone's head: \d+ against \d+ held-out labels right/);

		// Reopened, the project learns on the pixels with the weights the move put in place.
		const learned = await version(page);
		await page.reload();
		await expect(page.getByTestId('model-kind')).toHaveText('Small CNN, trained from scratch');
		await expect(page.getByTestId('model-version')).toHaveText(String(learned));
		expect((await rightOnTheRest(page)).right).toBe(right);
	});
});
