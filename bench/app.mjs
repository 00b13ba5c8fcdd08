// What the browser benchmarks do in the app before measuring: open it on one backend and make a
// project with some classes, as a user would.

/**
 * Opens the app with the learner forced onto `backend` and creates a project with `classes`. Returns
 * why not when the app fell back to another backend (that backend is then not available here).
 * A picture project learns with `pictureModel` ('cnn', or 'pretrained': the built-in backbone), or,
 * left out, with what the form offers first (the built-in backbone).
 * @param {import('@playwright/test').Page} page
 * @returns {Promise<string | null>}
 */
export async function newProjectOn(page, origin, backend, name, classes, kind = 'image', pictureModel = undefined) {
	await page.goto(`${origin}/?backend=${backend}`);
	const shown = await page.getByTestId('backend').textContent({ timeout: 120_000 });
	if (shown !== backend) return `the app fell back to ${shown}`;
	await page.getByTestId('project-kind').selectOption(kind);
	if (kind === 'image' && pictureModel) await page.getByTestId('picture-model').selectOption(pictureModel); // else the form's default, the built-in backbone
	await page.getByTestId('project-name').fill(name);
	await page.getByTestId('project-new').click();
	for (const c of classes) {
		await page.getByTestId('class-name').fill(c);
		await page.getByTestId('class-add').click();
		await page.getByTestId('class-chip').filter({ hasText: c }).waitFor();
	}
	return null;
}

/**
 * Labels the focused sample `acts` times by key (1 for the first class, a ring or a whistle, 2 for the
 * other, from its file name), each time waiting until the model version goes up; `onAct(i)` after each.
 * @param {import('@playwright/test').Page} page
 */
export async function labelByKeys(page, acts, onAct = () => {}, pauseMs = 0, firstClass = 'ring') {
	const version = async () => Number(await page.getByTestId('model-version').textContent());
	for (let i = 0; i < acts; i++) {
		if (pauseMs && i > 0) await page.waitForTimeout(pauseMs);
		const before = await version();
		// A re-check of an earlier label (one question in 33 by default) is answered as a user would; it
		// is not a label, so it teaches nothing and is not one of the acts measured.
		if (await page.getByTestId('recheck').isVisible()) {
			await page.keyboard.press('1');
			await page.getByTestId('recheck').waitFor({ state: 'hidden' });
		}
		await pickIfNothingAsked(page);
		const name = await page.getByTestId('focus').locator('figcaption').first().textContent();
		await page.keyboard.press(name.startsWith(firstClass) ? '1' : '2');
		await page.waitForFunction((v) => Number(document.querySelector('[data-testid="model-version"]')?.textContent) > v, before, { timeout: 120_000 });
		onAct(i);
	}
}

/**
 * When the queue has nothing left to ask (what is unlabelled is above the threshold, or out of view)
 * the focus stays on the sample just labelled: a user then clicks an unlabelled card, and so does this;
 * with none in view, it moves the focus on (j, or k from the end of the list) until it is on one, as a
 * keyboard user would. (Pressing a label's key on a sample that already has that label changes
 * nothing, and no new version comes.)
 */
async function pickIfNothingAsked(page) {
	const focused = page.locator('[data-testid="suggestion"][aria-pressed="true"] [data-testid="human-label"]');
	const onLabelled = async () => {
		await focused.first().waitFor({ timeout: 2_000 }).catch(() => {}); // the grid follows the focus when the browser is idle
		return (await focused.count()) > 0 && (await focused.first().textContent()).trim().startsWith('Labelled');
	};
	if (!(await onLabelled())) return;
	const open = page.getByTestId('suggestion').filter({ has: page.getByTestId('human-label').filter({ hasText: /^\s*Unlabelled/ }) });
	if (await open.count()) return void (await open.first().click());
	let key = 'j';
	for (let moves = 0; moves < 100_000 && (await onLabelled()); moves++) {
		const name = await page.getByTestId('focus').locator('figcaption').first().textContent();
		await page.keyboard.press(key);
		const moved = await page.waitForFunction((before) => document.querySelector('[data-testid="focus"] figcaption')?.textContent !== before, name, { timeout: 2_000 }).then(() => true, () => false);
		if (!moved) key = key === 'j' ? 'k' : 'j'; // the end of the list: the other way
	}
}
