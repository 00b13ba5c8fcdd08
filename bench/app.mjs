// What the browser benchmarks do in the app before measuring: open it on one backend and make a
// project with some classes, as a user would.

/**
 * Opens the app with the learner forced onto `backend` and creates a project with `classes`. Returns
 * why not when the app fell back to another backend (that backend is then not available here).
 * @param {import('@playwright/test').Page} page
 * @returns {Promise<string | null>}
 */
export async function newProjectOn(page, origin, backend, name, classes) {
	await page.goto(`${origin}/?backend=${backend}`);
	const shown = await page.getByTestId('backend').textContent({ timeout: 120_000 });
	if (shown !== backend) return `the app fell back to ${shown}`;
	await page.getByTestId('project-name').fill(name);
	await page.getByTestId('project-new').click();
	for (const c of classes) {
		await page.getByTestId('class-name').fill(c);
		await page.getByTestId('class-add').click();
		await page.getByTestId('class-chip').filter({ hasText: c }).waitFor();
	}
	return null;
}
