import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, open } from './fixtures';
import { makeImages } from './images';

/** Creates a project (pictures unless `kind` says otherwise) from the home page and adds `classes`, on the given backend. */
/**
 * A new project with these classes. A picture project learns with the small CNN unless `pictureModel`
 * says the built-in pretrained backbone (the form's default, for photos).
 */
export async function newProjectWithClasses(page: Page, name: string, classes: string[], backend = 'wasm', kind: 'image' | 'tabular' | 'text' | 'sound' | 'pose' = 'image', pictureModel: 'cnn' | 'pretrained' = 'cnn') {
	await open(page, '/', backend);
	await page.getByTestId('project-kind').selectOption(kind);
	if (kind === 'image') await page.getByTestId('picture-model').selectOption(pictureModel);
	await page.getByTestId('project-name').fill(name);
	await page.getByTestId('project-new').click();
	await expect(page.getByTestId('project-title')).toHaveText(name);
	for (const c of classes) {
		await page.getByTestId('class-name').fill(c);
		await page.getByTestId('class-add').click();
		await expect(page.getByTestId('class-chip').filter({ hasText: c })).toBeVisible();
	}
}

/** The suggestion card of the sample with this file name. */
export const card = (page: Page, name: string) => page.getByTestId('suggestion').filter({ has: page.locator(`img[alt="${name}"]`) });

/** How many pixels of a card's saliency canvas are hot (red over the grey input). */
export async function saliencyInk(page: Page, name: string): Promise<number> {
	return card(page, name).getByTestId('saliency').evaluate((canvas: HTMLCanvasElement) => {
		const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
		let hot = 0;
		for (let i = 0; i < data.length; i += 4) if (data[i]! - data[i + 2]! > 60) hot++; // red heat over the gray input
		return hot;
	});
}

/** A ring/bars project of six images, one of each class labelled (model version 2). */
export async function sixSamplesTwoLabelled(page: Page, name: string) {
	await newProjectWithClasses(page, name, ['ring', 'bars']);
	const images = [...(await makeImages(page, 'ring', 3)), ...(await makeImages(page, 'bars', 3, 5))];
	await page.getByTestId('sample-upload').setInputFiles(images);
	await expect(page.getByTestId('suggestion')).toHaveCount(6);
	await card(page, 'ring-1.png').click();
	await page.getByTestId('correct-ring').click();
	await expect(page.getByTestId('model-version')).toHaveText('1');
	await card(page, 'bars-1.png').click();
	await page.getByTestId('correct-bars').click();
	await expect(page.getByTestId('model-version')).toHaveText('2');
}

/** The iris species a botanist would give the focused row, from its petals (the textbook rule). */
export async function irisSpecies(page: Page): Promise<string> {
	const value = async (column: string) => Number(await page.getByTestId('focus').locator(`[data-testid="feature-bar"][data-column="${column}"] b`).textContent());
	const [length, width] = [await value('petal_length'), await value('petal_width')];
	return length < 2.5 ? 'setosa' : width < 1.75 ? 'versicolor' : 'virginica';
}

/** How many samples the project holds, as its header says ("4 of 16 labelled"): the grid shows only the cards in view. */
export async function samplesIn(page: Page): Promise<number> {
	const text = await page.getByText(/ of [\d,]+ labelled/).textContent();
	return Number(/ of ([\d,]+) labelled/.exec(text ?? '')![1]!.replace(/,/g, ''));
}

/** Clicks a button that downloads a file; returns the file's bytes. */
export async function downloaded(page: Page, testId: string): Promise<Buffer> {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
	return readFile((await file.path())!);
}
