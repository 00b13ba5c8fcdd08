import { test, expect } from './fixtures';
import { card, sixSamplesTwoLabelled } from './teach-helpers';

test.describe('explanations beside the suggestion', () => {
	test('painting on the map teaches the model: the event is stored, the version goes up, and the map after is shown', async ({ page }) => {
		await sixSamplesTwoLabelled(page, 'Paint');
		const version = async () => Number(await page.getByTestId('model-version').textContent());

		await card(page, 'ring-2.png').click();
		const focus = page.getByTestId('focus');
		await expect(focus.getByTestId('saliency')).toHaveAttribute('data-ready', 'yes');
		await expect(focus.getByText('Where it looked: Occlusion')).toBeVisible(); // the default, after the fast map
		await focus.getByTestId('paint-toggle').click();
		const box = (await focus.getByTestId('saliency').boundingBox())!;
		await page.mouse.move(box.x + 4, box.y + 4);
		await page.mouse.down();
		await page.mouse.move(box.x + box.width / 2, box.y + 10, { steps: 8 });
		await page.mouse.up();
		await focus.getByTestId('paint-submit').click();

		await expect.poll(version).toBe(3);
		await expect(focus.getByTestId('saliency-before')).toHaveAttribute('data-ready', 'yes');
		await expect(focus.getByTestId('saliency-after')).toHaveAttribute('data-ready', 'yes');
		await expect(page.getByTestId('activity')).toContainText(/Painted on an explanation: should not matter \(\d+ cells\)/);

		// Durable: after a reload the sample still carries the feedback, and the model keeps its version.
		await page.reload();
		await card(page, 'ring-2.png').click();
		await expect(page.getByTestId('focus').getByTestId('paint-clear-sample')).toBeVisible();
		await expect(page.getByTestId('model-version')).toHaveText('3');

		// "Always ignore this region": stored for the project, then learned over every sample.
		await page.getByTestId('focus').getByTestId('paint-toggle').click();
		const again = (await page.getByTestId('focus').getByTestId('saliency').boundingBox())!;
		await page.mouse.move(again.x + again.width - 6, again.y + again.height - 6);
		await page.mouse.down();
		await page.mouse.move(again.x + again.width - 30, again.y + again.height - 6, { steps: 5 });
		await page.mouse.up();
		await page.getByTestId('paint-always').check();
		await page.getByTestId('paint-submit').click();
		await expect.poll(version).toBe(4);
		await expect(page.getByTestId('activity')).toContainText(/Painted a region no sample should use \(\d+ cells\)/);
		await expect(page.getByRole('button', { name: 'Stop ignoring the region everywhere' })).toBeVisible();
	});

	test('the trust checks, a counterfactual and another method, on demand', async ({ page }) => {
		await sixSamplesTwoLabelled(page, 'Trust');
		await card(page, 'ring-2.png').click();
		const focus = page.getByTestId('focus');

		// The labelled samples most alike, with their labels, beside the suggestion.
		await expect(focus.getByTestId('neighbours').locator('figcaption')).toHaveText(['ring', 'bars']);

		await focus.getByTestId('explainer-select').selectOption('integrated-gradients');
		await expect(focus.getByText('Where it looked: Integrated gradients')).toBeVisible();

		await focus.getByTestId('trust').locator('summary').click();
		await focus.getByTestId('trust-run').click();
		await expect(focus.getByTestId('trust-results').locator('li')).toHaveCount(2);
		await expect(focus.getByTestId('trust-results')).toContainText(/rank correlation -?\d\.\d\d/);
		await expect(focus.getByTestId('trust-results')).toContainText(/area \d\.\d\d against \d\.\d\d/);

		await focus.getByTestId('counterfactual-run').click();
		await expect(focus.getByTestId('counterfactual')).toContainText(/it is (ring|bars) \(\d+%\)|No small change made it (ring|bars)/);
		await expect(focus.getByTestId('counterfactual-image')).toBeVisible();

		// All of it ran in the learner worker: the project page itself never loaded tfjs.
		const tfjsInPage = await page.evaluate(async () => {
			const scripts = performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js') && !n.includes('/workers/'));
			const texts = await Promise.all(scripts.map((url) => fetch(url).then((r) => r.text())));
			return scripts.filter((_, i) => texts[i]!.includes('Conv2DBackpropFilter'));
		});
		expect(tfjsInPage).toEqual([]);
	});
});
