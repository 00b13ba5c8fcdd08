import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { irisSpecies, newProjectWithClasses } from './teach-helpers';

const IRIS = new URL('../fixtures/iris.csv', import.meta.url).pathname;
const version = async (page: Page) => Number(await page.getByTestId('model-version').textContent());
const focus = (page: Page) => page.getByTestId('focus');


async function importCsv(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
	await page.getByTestId('csv-file').setInputFiles(file);
	await expect(page.getByTestId('csv-preview')).toBeVisible();
}

test.describe('spreadsheet and notes projects', () => {
	test('iris: import with species as the label, label rows via the queue, feature bars on every suggestion, and a labelled CSV that round-trips', async ({ page }) => {
		await newProjectWithClasses(page, 'Field flowers', [], 'wasm', 'tabular');
		await importCsv(page, IRIS);
		await expect(page.getByTestId('column-stats')).toContainText('petal_length');
		await expect(page.getByTestId('column-stats')).toContainText('4.3 – 7.9'); // sepal_length's range
		await expect(page.getByTestId('label-column')).toHaveValue('species');
		await page.getByTestId('label-use').selectOption('classes');
		await page.getByTestId('csv-import').click();
		await expect(page.getByText(/\b0 of 150 labelled/)).toBeVisible();
		for (const name of ['setosa', 'versicolor', 'virginica']) await expect(page.getByTestId(`correct-${name}`)).toBeVisible();

		await page.getByTestId('queue-item').first().locator('button').click();
		const given: string[] = [];
		for (let i = 0; i < 6; i++) {
			await expect(focus(page).getByTestId('feature-bar')).toHaveCount(4);
			const before = await version(page);
			const answer = await irisSpecies(page);
			given.push(answer);
			await page.getByTestId(`correct-${answer}`).click();
			await expect.poll(() => version(page)).toBeGreaterThan(before);
		}
		await expect(page.getByText(/\b6 of 150 labelled/)).toBeVisible();

		// Every suggestion shows its bars beside it: four columns, shares that add up to the whole.
		const cards = page.getByTestId('suggestion');
		await expect(cards.first().getByTestId('saliency').getByTestId('feature-bar')).toHaveCount(4);
		const shares = await cards.nth(3).getByTestId('feature-bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-share'))));
		expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);

		// A counterfactual names a column, a value in the data's range, and the class it would give.
		await cards.first().click();
		await page.getByTestId('counterfactual-run').click();
		await expect(page.getByTestId('counterfactual')).toHaveText(/If \w+ were [\d.]+ instead of [\d.]+( and \w+ were [\d.]+ instead of [\d.]+)?,\s+it would be (setosa|versicolor|virginica) \(\d+%\)\.|No change of one or two values/);

		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-labelled').click()]);
		const csv = readFileSync(await download.path(), 'utf8');
		const lines = csv.trim().split(/\r?\n/);
		expect(lines[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,species');
		expect(lines).toHaveLength(151);
		const labelled = lines.slice(1).filter((l) => !l.endsWith(','));
		expect(labelled.map((l) => l.split(',').at(-1)).sort()).toEqual([...given].sort());

		// The file reads back as the same rows and labels.
		await newProjectWithClasses(page, 'Round trip', [], 'wasm', 'tabular');
		await importCsv(page, { name: 'labelled.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.getByTestId('csv-import').click();
		await expect(page.getByText(/\b6 of 150 labelled/)).toBeVisible();
	});

	test('notes: learns to tell two kinds apart from four labels, with the words that mattered highlighted', async ({ page }) => {
		await newProjectWithClasses(page, 'Site notes', ['wildlife', 'equipment'], 'wasm', 'text');
		const taught = [
			['Spotted a red fox near the river bank this morning', 'wildlife'],
			['Two deer grazing near the river at dusk', 'wildlife'],
			['The water pump stopped again, it needs a new fuse', 'equipment'],
			['Generator fuel filter blocked and the pump pressure is low', 'equipment']
		];
		const unseen = [
			['A fox and two deer drinking at the river', 'wildlife'],
			['Pump fuse blown on the generator again', 'equipment'],
			['Heron fishing near the river bank', 'wildlife'],
			['Replaced the fuse and the pump runs again', 'equipment']
		];
		for (const [text] of [...taught, ...unseen]) {
			await page.getByTestId('text-input').fill(text!);
			await page.getByTestId('text-input').press('Control+Enter');
			await expect(page.getByTestId('text-input')).toHaveValue('');
		}
		await expect(page.getByTestId('suggestion')).toHaveCount(8);
		// An empty note is refused with a message, and nothing is added.
		await page.getByTestId('text-input').fill('   ');
		await page.getByTestId('text-add').click();
		await expect(page.getByTestId('error')).toContainText('The text is empty');
		await expect(page.getByTestId('suggestion')).toHaveCount(8);

		const noteCard = (text: string) => page.getByTestId('suggestion').filter({ hasText: text.slice(0, 30) });
		for (const [text, kind] of taught) {
			await noteCard(text!).click();
			const before = await version(page);
			await page.getByTestId(`correct-${kind}`).click();
			await expect.poll(() => version(page)).toBeGreaterThan(before);
		}
		for (const [text, kind] of unseen) await expect(noteCard(text!).getByTestId('suggestion-label')).toHaveText(kind!, { timeout: 30_000 });

		await noteCard(unseen[1]![0]!).click();
		const highlights = focus(page).getByTestId('token-highlights');
		await expect(highlights).toHaveAttribute('data-ready', 'yes');
		await expect(highlights).toHaveText(unseen[1]![0]!);
		const weights = await highlights.getByTestId('token').evaluateAll((marks) => marks.map((m) => [m.textContent, Number(m.getAttribute('data-weight'))] as const));
		expect(weights).toHaveLength(7);
		const strongest = weights.reduce((a, b) => (b[1] > a[1] ? b : a));
		expect(['Pump', 'fuse', 'generator', 'blown', 'again']).toContain(strongest[0]);
		await expect(noteCard(unseen[0]![0]!).getByTestId('saliency').getByTestId('token').first()).toBeVisible();
	});

	test('a CSV whose label column has one value is refused with a message, and nothing is stored', async ({ page }) => {
		await newProjectWithClasses(page, 'Readings', [], 'wasm', 'tabular');
		const csv = 'humidity,temp,site\n78,12,north\n41,15,north\n55,,north\n';
		await importCsv(page, { name: 'readings.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.getByTestId('label-column').selectOption('site');
		await page.getByTestId('csv-import').click();
		await expect(page.getByTestId('error')).toContainText('only one value');
		await expect(page.getByText(/\b0 of 0 labelled/)).toBeVisible();
		// With no label column the same file imports, and the missing temperature is reported.
		await page.getByTestId('label-column').selectOption({ label: 'None: I will label the rows' });
		await page.getByTestId('csv-import').click();
		await expect(page.getByText(/\b0 of 3 labelled/)).toBeVisible();
		await expect(page.getByTestId('import-report')).toContainText('temp');
	});
});
