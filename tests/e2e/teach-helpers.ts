import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, open } from './fixtures';
import { makeImages } from './images';

/** Creates a project (pictures unless `kind` says otherwise) from the home page and adds `classes`, on the given backend. */
/**
 * A new project with these classes. A picture project learns with the small CNN unless `pictureModel`
 * says the built-in pretrained backbone (the form's default, for photos).
 */
export async function newProjectWithClasses(page: Page, name: string, classes: string[], backend = 'wasm', kind: 'image' | 'tabular' | 'text' | 'sound' | 'pose' = 'image', pictureModel: 'cnn' | 'pretrained' | 'measured' = 'cnn') {
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

export const version = async (page: Page) => Number(await page.getByTestId('model-version').textContent());

interface CardSeen {
	name: string;
	label: string;
	human: string;
}

/** The grid draws only the rows in view: scrolls it from the top, a half screen at a time, until `done` says stop; returns every card seen. */
export async function scrollGrid(page: Page, done: (seen: ReadonlyMap<string, CardSeen>) => boolean): Promise<Map<string, CardSeen>> {
	const grid = page.getByTestId('sample-grid');
	const seen = new Map<string, CardSeen>();
	for (let top = 0; ; ) {
		await grid.evaluate((el, y) => el.scrollTo({ top: y }), top);
		await page.waitForTimeout(150);
		const cards = await page.getByTestId('suggestion').evaluateAll((els) =>
			els.map((el) => ({ name: el.querySelector('img')?.alt ?? '', label: el.querySelector('[data-testid="suggestion-label"]')?.textContent ?? '', human: el.querySelector('[data-testid="human-label"]')?.textContent ?? '' }))
		);
		for (const c of cards) seen.set(c.name, c);
		const { scrollHeight, clientHeight } = await grid.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
		if (done(seen) || top + clientHeight >= scrollHeight) return seen;
		top += Math.max(100, Math.floor(clientHeight / 2));
	}
}

/** Brings the card of `name` into the grid's view. */
export async function showCard(page: Page, name: string): Promise<void> {
	await scrollGrid(page, (seen) => seen.has(name));
	await expect(card(page, name)).toHaveCount(1);
}

/** Of the unlabelled photos, how many the suggestion names rightly (each file is named after its class). */
export async function rightOnTheRest(page: Page): Promise<{ right: number; shown: number }> {
	const rest = [...(await scrollGrid(page, () => false)).values()].filter((c) => c.human === 'Unlabelled');
	return { right: rest.filter((c) => c.label === c.name.split('-')[0]).length, shown: rest.length };
}

/**
 * Labels the first `perClass` pictures of each class one at a time with the keys, as a person would:
 * the picture (named `<class>-<n>.<ext>`) in focus, then its class's digit (0 is the tenth), waiting
 * for each new version.
 */
export async function labelThroughKeys(page: Page, classes: readonly string[], perClass: number, extension = 'jpg'): Promise<void> {
	for (let n = 0; n < perClass; n++) {
		for (const [i, c] of classes.entries()) {
			const name = `${c}-${n}.${extension}`;
			await showCard(page, name);
			// A click in the DOM: the grid scrolls to follow the last act's focus, so a pointer click may land on another card.
			await card(page, name).dispatchEvent('click');
			await expect(page.getByTestId('focus').locator(`img[alt="${name}"]`).first()).toBeVisible();
			const before = await version(page);
			await page.locator('body').press(String((i + 1) % 10));
			await expect.poll(() => version(page)).toBeGreaterThan(before);
		}
	}
}
