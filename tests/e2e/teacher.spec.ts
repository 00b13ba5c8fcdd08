import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parseDigitsCsv } from '../../src/lib/core/data/digits';
import { test, expect, open } from './fixtures';
import { makeImages } from './images';
import { card, newProjectWithClasses } from './teach-helpers';

/** The demo's digits, as the app bundles them: "Digit N" is row N - 1. */
const truth = parseDigitsCsv(readFileSync(new URL('../../static/demo/digits.csv', import.meta.url), 'utf8')).map((r) => r.label);
const version = async (page: Page) => Number(await page.getByTestId('model-version').textContent());
const focusedName = async (page: Page) => (await page.getByTestId('focus').getByText(/^Digit \d+$/).textContent())!;

/** The wrong answers given on purpose, a different class each time; a digit's own class is never one. */
const WRONG = ['1', '0', '4', '7'];
const wrongFor = (digit: string, slip = 0) => WRONG.filter((w) => w !== digit)[slip]!;

/** Answers the focused digit by its key (truthfully, or with the `slip`-th wrong answer) and waits for the model to learn it. */
async function answer(page: Page, slip?: number): Promise<string> {
	const name = await focusedName(page);
	const digit = truth[Number(name.replace('Digit ', '')) - 1]!;
	const before = await version(page);
	await page.locator('body').press(slip === undefined ? digit : wrongFor(digit, slip));
	await expect.poll(() => version(page)).toBeGreaterThan(before);
	return name;
}

test.describe('checking the teacher', () => {
	test('the digits demo: labels given wrongly on purpose are listed in Review with the model’s label; fixing one and keeping one are in the audit trail', async ({ page }) => {
		test.setTimeout(420_000);
		await page.setViewportSize({ width: 1280, height: 2400 }); // many cards in view (the grid draws only those near it)
		await open(page);
		await page.getByTestId('demo-digits').click();
		await expect(page.getByTestId('queue-item').first()).toBeVisible({ timeout: 60_000 });
		await page.getByTestId('recheck-share').selectOption('0'); // this test is about mislabels
		await page.getByTestId('queue-item').first().locator('button').click();
		for (let i = 0; i < 77; i++) await answer(page);
		// Three plain digits the model already gets right, labelled wrongly on purpose: a slip of the hand.
		const wrong: string[] = [];
		for (let screen = 0; screen < 12 && wrong.length < 3; screen++) {
			const shown = await page.getByTestId('suggestion').evaluateAll((cards) =>
				cards.map((c) => ({
					name: c.querySelector('img')?.getAttribute('alt') ?? '',
					unlabelled: c.querySelector('[data-testid="human-label"]')?.textContent?.trim() === 'Unlabelled',
					label: c.querySelector('[data-testid="suggestion-label"]')?.textContent ?? '',
					confidence: parseInt(c.querySelector('[data-testid="suggestion-confidence"]')?.textContent ?? '0')
				}))
			);
			const plain = shown.find((c) => c.unlabelled && c.confidence >= 60 && c.label === truth[Number(c.name.replace('Digit ', '')) - 1]);
			if (!plain) {
				await page.getByTestId('sample-grid').evaluate((grid) => grid.scrollBy(0, grid.clientHeight)); // the next screen of cards
				continue;
			}
			// The grid may have moved on (it follows the focus): then look again.
			if (!(await card(page, plain.name).dispatchEvent('click', undefined, { timeout: 2000 }).then(() => true, () => false))) continue;
			await expect(page.getByTestId('focus').getByText(/^Digit \d+$/)).toHaveText(plain.name);
			wrong.push(await answer(page, wrong.length));
		}
		expect(wrong).toHaveLength(3);

		await page.getByTestId('review-open').click();
		const review = page.getByTestId('review');
		await expect(review.getByTestId('review-status')).toContainText(/Checked 80 labels/, { timeout: 240_000 });
		const listed = (name: string) => review.getByTestId('review-item').filter({ has: page.locator(`img[alt="${name}"]`) });
		while (await review.getByTestId('review-more').isVisible()) await review.getByTestId('review-more').click();
		// Confident learning on 80 labels the queue chose (its hard cases) found all 3 such slips in 8 of 9
		// runs here, and 1 in the ninth: a slip whose true class's threshold is above the folds' belief in
		// it is never counted. Labels the folds all but rule out are listed too (label-issues.ts, step 6):
		// at least two must be listed, each with the model's label and why.
		const found: string[] = [];
		for (const name of wrong) if ((await listed(name).count()) === 1) found.push(name);
		expect(found.length).toBeGreaterThanOrEqual(2);
		for (const name of found) {
			const given = wrongFor(truth[Number(name.replace('Digit ', '')) - 1]!, wrong.indexOf(name));
			await expect(listed(name).getByTestId('review-reason')).toContainText(new RegExp(`The model gives “\\d” \\d+% out of sample; you said “${given}”`));
			await expect(listed(name).getByTestId('review-model-label')).not.toHaveText(given);
		}
		expect(await review.getByTestId('review-item').count()).toBeLessThan(15); // a short list, not every label
		await page.screenshot({ path: test.info().outputPath('review-desktop.png'), fullPage: true });

		// Fix the first with its true digit, keep the second: both are audited acts, and both leave the list.
		const [fix, keep] = found as [string, string];
		const fixTo = truth[Number(fix.replace('Digit ', '')) - 1]!;
		const fixed = listed(fix);
		if ((await fixed.getByTestId('review-model-label').textContent()) === fixTo) await fixed.getByTestId('review-change').click();
		else await fixed.getByTestId('review-other').selectOption({ label: fixTo });
		await expect(listed(fix)).toHaveCount(0);
		await listed(keep).locator('[role="toolbar"]').press('k');
		await expect(listed(keep)).toHaveCount(0);

		await page.locator('summary', { hasText: 'Audit trail' }).click();
		await expect(page.getByTestId('audit').getByText(new RegExp(`Labelled a sample ${fixTo} \\(review\\)`)).first()).toBeVisible();
		await expect(page.getByTestId('audit').getByText(/Review: kept the label \d \(a likely mislabel\)/).first()).toBeVisible();

		// Checked again, the kept label is not asked about again.
		await review.getByTestId('review-check').click();
		await expect(review.getByTestId('review-status')).toContainText(/Checked 80 labels/, { timeout: 240_000 });
		await expect(listed(keep)).toHaveCount(0);
		await page.setViewportSize({ width: 390, height: 844 });
		await review.scrollIntoViewIfNeeded();
		await page.screenshot({ path: test.info().outputPath('review-phone.png') });
	});

	test('a re-check hides the earlier answer, is counted, and one that differs waits in Review without changing the label; a guideline shows beside its button', async ({ page }) => {
		await page.setViewportSize({ width: 1280, height: 2400 });
		await newProjectWithClasses(page, 'Re-checks', ['ring', 'bars']);
		await page.getByTestId('sample-upload').setInputFiles([...(await makeImages(page, 'ring', 4)), ...(await makeImages(page, 'bars', 4, 5))]);
		await expect(page.getByTestId('suggestion')).toHaveCount(8);
		await page.getByTestId('recheck-share').selectOption('0.5');
		await expect(page.getByTestId('recheck-agreement')).toContainText('No re-checks answered yet');

		// The guideline: saved, logged, and shown while the pointer rests on the class's button.
		await page.getByTestId('guidelines-open').click();
		await page.getByTestId('guideline-text-ring').fill('A closed loop, thick or thin');
		await page.getByTestId('guideline-save-ring').click();
		await card(page, 'ring-1.png').click();
		await expect(page.getByTestId('guideline')).toBeHidden();
		await page.getByTestId('correct-ring').hover();
		await expect(page.getByTestId('guideline')).toBeVisible();
		await expect(page.getByTestId('guideline')).toHaveText(/ring:\s*A closed loop, thick or thin/);
		await page.screenshot({ path: test.info().outputPath('guideline-hover.png') });

		// Label until a re-check is asked: 1 question in 2 at this share.
		let recheck = false;
		for (let i = 0; i < 6 && !recheck; i++) {
			const name = (await page.getByTestId('focus').locator('figure img').first().getAttribute('alt'))!;
			await page.locator('body').press(name.startsWith('ring') ? '1' : '2');
			// Either a re-check is asked, or the next ordinary question.
			const next = async () => ((await page.getByTestId('recheck').isVisible()) ? 'recheck' : await page.getByTestId('focus').locator('figure img').first().getAttribute('alt', { timeout: 100 }).catch(() => name));
			await expect.poll(next).not.toBe(name);
			recheck = (await next()) === 'recheck';
		}
		await expect(page.getByTestId('recheck')).toBeVisible();
		const focus = page.getByTestId('focus');
		await expect(focus.getByTestId('suggestion-label')).toHaveCount(0); // neither the model's answer
		await expect(focus).not.toContainText('Labelled'); // nor the human's earlier one
		await page.screenshot({ path: test.info().outputPath('recheck.png') });
		const asked = await focus.locator('img').first().evaluate((img: HTMLImageElement) => img.src);
		const sampleCard = page.getByTestId('suggestion').filter({ has: page.locator(`img[src="${asked}"]`) });
		await expect(sampleCard.getByTestId('human-label')).toHaveText('Being re-checked: label hidden'); // hidden in the grid too
		const name = (await sampleCard.locator('img').first().getAttribute('alt'))!;
		const earlier = name.startsWith('ring') ? 'ring' : 'bars'; // as the loop above labelled it
		const other = earlier === 'ring' ? 'bars' : 'ring';
		const versionBefore = await version(page);
		await focus.getByTestId(`correct-${other}`).click();

		await expect(page.getByTestId('recheck-agreement')).toContainText('You gave the same answer on 0 of 1 re-check');
		// Never two re-checks in a row, even at 1 in 2: an ordinary question comes next.
		await expect(focus.getByTestId('accept')).toBeVisible();
		await expect(page.getByTestId('recheck')).toBeHidden();
		await expect(sampleCard.getByTestId('human-label')).toHaveText(`Labelled ${earlier}`); // unchanged until settled
		expect(await version(page)).toBe(versionBefore); // and nothing learned from it
		await page.getByTestId('review-open').click();
		const waiting = page.getByTestId('review-item').and(page.locator('[data-kind="recheck"]'));
		await expect(waiting).toHaveCount(1);
		await expect(waiting.getByTestId('review-reason')).toHaveText(`You said “${earlier}” earlier, and “${other}” when asked again.`);
		await expect(waiting.getByTestId('guideline')).toHaveCount(1); // the ring rule, beside the question
		await waiting.getByTestId('review-keep').click();
		await expect(waiting).toHaveCount(0);
		await expect(sampleCard.getByTestId('human-label')).toHaveText(`Labelled ${earlier}`);

		await page.locator('summary', { hasText: 'Audit trail' }).click();
		await expect(page.getByTestId('audit').getByText(`Re-check: answered ${other}, earlier ${earlier}; sent to Review`)).toBeVisible();
		await expect(page.getByTestId('audit').getByText(/Guideline of ring: “A closed loop, thick or thin”/)).toBeVisible();
	});

	test('a folder import is a slice with its accuracy; tags are added by hand and in bulk, a bad tag is refused', async ({ page }) => {
		await page.setViewportSize({ width: 1280, height: 2400 });
		await newProjectWithClasses(page, 'Slices', ['ring', 'bars']);
		const dir = test.info().outputPath('field-day');
		for (const [cls, imgs] of [['ring', await makeImages(page, 'ring', 8)], ['bars', await makeImages(page, 'bars', 8, 5)]] as const) {
			mkdirSync(`${dir}/${cls}`, { recursive: true });
			for (const img of imgs) writeFileSync(`${dir}/${cls}/${img.name}`, img.buffer);
		}
		await page.getByTestId('folder-upload').setInputFiles(dir);
		await expect(page.getByTestId('suggestion')).toHaveCount(16);

		await page.getByTestId('slices-open').click();
		const slices = page.getByTestId('slices');
		const row = slices.getByTestId('slice-row').filter({ has: page.getByText('folder: field-day', { exact: true }) });
		await expect(row.getByTestId('slice-accuracy')).toHaveText(/^\d+% \(\d+%–\d+%\)$/, { timeout: 60_000 });

		// By hand: markup is shown as text; an empty or a 10,000-character tag is refused with a message.
		const inFolder = (name: string) => page.getByTestId('suggestion').filter({ has: page.locator(`img[alt="field-day/${name.split('-')[0]}/${name}"]`) });
		await inFolder('ring-1.png').click();
		await slices.getByTestId('tag-input').fill('<b>dim</b>');
		await slices.getByTestId('tag-add').click();
		await expect(slices.getByTestId('sample-tag')).toContainText(['folder: field-day ✕', '<b>dim</b> ✕']);
		await expect(slices.locator('b')).toHaveCount(0);
		await slices.getByTestId('tag-input').fill('x'.repeat(10_000));
		await slices.getByTestId('tag-add').click();
		await expect(page.getByTestId('error')).toContainText('A tag can be at most 40 characters (this one has 10,000)');
		await expect(slices.getByTestId('sample-tag')).toHaveCount(2);

		// In bulk: tick two cards, tag them.
		await page.getByLabel('Tick field-day/bars/bars-5.png').check();
		await page.getByLabel('Tick field-day/bars/bars-6.png').check();
		await page.getByTestId('bulk-tag').fill('camera 2');
		await page.getByTestId('bulk-tag-add').click();
		await inFolder('bars-6.png').click();
		await expect(slices.getByTestId('sample-tag')).toContainText(['folder: field-day ✕', 'camera 2 ✕']);
		await page.screenshot({ path: test.info().outputPath('slices.png'), fullPage: true });

		// A slice sent to the queue: the queue asks only about it, and says so.
		await row.getByTestId('slice-collect').click();
		await expect(slices.getByTestId('slice-collecting')).toContainText('“folder: field-day”');
	});
});

test.describe('personal data in notes', () => {
	test('masked in what is shown and exported when the setting is on, and whole again when it is off', async ({ page }) => {
		await newProjectWithClasses(page, 'Case notes', ['follow-up', 'closed'], 'wasm', 'text');
		const note = 'Call Jane on +44 20 7946 0958 or jane.doe@example.org about the fence';
		await page.getByTestId('text-input').fill(note);
		await page.getByTestId('text-input').press('Control+Enter');
		const grid = page.getByTestId('sample-grid');
		await expect(grid).toContainText('jane.doe@example.org');

		await page.getByText('Personal data in notes').click();
		await expect(page.getByTestId('mask-rules')).toContainText('E-mail address → [email]');
		await page.getByTestId('mask-personal').check();
		await expect(grid).toContainText('Call Jane on [phone] or [email] about the fence');
		await expect(page.locator('body')).not.toContainText('jane.doe@example.org');
		await page.screenshot({ path: test.info().outputPath('masked-notes.png') });

		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-labelled').click()]);
		const path = test.info().outputPath('notes.jsonl');
		await download.saveAs(path);
		const exported = readFileSync(path, 'utf8');
		expect(exported).toContain('Call Jane on [phone] or [email] about the fence');
		expect(exported).not.toContain('7946');

		await page.getByTestId('mask-personal').uncheck();
		await expect(grid).toContainText('jane.doe@example.org');
		await page.locator('summary', { hasText: 'Audit trail' }).click();
		await expect(page.getByTestId('audit').getByText('Masked likely personal data in notes')).toBeVisible();
	});
});
