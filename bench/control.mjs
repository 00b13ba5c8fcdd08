// control: in the production build, how long the human waits for the acts of issue 6, each timed in the
// page from the click to the changed number or text being painted: undo, redo, a thumbs-up (stored,
// fused, learned, re-scored), rollback to a kept version, audit verify over the whole trail; and the
// project file: export (click to download, live model saved first), size, import (file to project shown).
import { readFileSync } from 'node:fs';
import { labelByKeys, newProjectOn } from './app.mjs';
import { makeImages } from './shapes.mjs';

const round = (v) => Math.round(v * 10) / 10;
const median = (values) => round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]);

/** Clicks a button in the page and times, in the page, until `done()` holds on a painted frame. */
async function timeClick(page, testId, doneCheck) {
	return page.evaluate(
		async ({ testId, doneCheck }) => {
			const done = new Function(`return (${doneCheck})`)();
			const before = done.prepare?.();
			const started = performance.now();
			document.querySelector(`[data-testid="${testId}"]`).click();
			await new Promise((resolve) => {
				const check = () => (done.test(before) ? resolve() : requestAnimationFrame(check));
				requestAnimationFrame(check);
			});
			return performance.now() - started;
		},
		{ testId, doneCheck }
	);
}

const VERSION_CHANGED = `{
	prepare: () => document.querySelector('[data-testid="model-version"]').textContent,
	test: (before) => document.querySelector('[data-testid="model-version"]').textContent !== before
}`;

export async function control({ page, origin, options }) {
	const backend = (options.backends ?? 'wasm').split(',')[0];
	const samples = Number(options.samples ?? 60);
	const acts = Number(options.acts ?? 20);
	const unavailable = await newProjectOn(page, origin, backend, 'Control bench', ['ring', 'bars']);
	if (unavailable) return [{ bench: 'control', backend, available: false, reason: unavailable }];
	const half = Math.ceil(samples / 2);
	await page.getByTestId('sample-upload').setInputFiles([...(await makeImages(page, 'ring', half, 3)), ...(await makeImages(page, 'bars', samples - half, 5))]);
	await page.getByText(`0 of ${samples} labelled`).waitFor({ timeout: 120_000 });
	await page.getByTestId('focus').getByTestId('suggestion-confidence').waitFor({ timeout: 120_000 });
	const version = async () => Number(await page.getByTestId('model-version').textContent());
	await labelByKeys(page, acts);
	process.stderr.write(`control: ${acts} labels given\n`);

	const undo = [], redo = [], rate = [];
	for (let i = 0; i < 10; i++) {
		undo.push(await timeClick(page, 'undo', VERSION_CHANGED));
		redo.push(await timeClick(page, 'redo', VERSION_CHANGED));
	}
	for (let i = 0; i < 5; i++) {
		const unlabelled = page.getByTestId('suggestion').filter({ hasText: 'Unlabelled' }).nth(i);
		await unlabelled.click();
		await page.getByTestId('focus').getByTestId('saliency').and(page.locator('[data-ready="yes"]')).waitFor(); // as a human would: look first
		await page.waitForTimeout(500);
		rate.push(await timeClick(page, 'rate-up', VERSION_CHANGED));
	}
	await page.locator('summary', { hasText: /^Model versions$/ }).click();
	await page.getByTestId('keep-version').click();
	await page.getByTestId('version-row').first().waitFor();
	const kept = await version();
	await labelByKeys(page, 3);
	const rollback = await timeClick(page, 'rollback', VERSION_CHANGED);
	if ((await version()) !== kept) throw new Error(`rollback showed version ${await version()}, not ${kept}`);

	await page.locator('summary', { hasText: /^Audit trail$/ }).click();
	const verify = await timeClick(page, 'audit-verify', `{ test: () => !!document.querySelector('[data-testid="audit-verdict"]') }`);
	const verdict = await page.getByTestId('audit-verdict').textContent();
	if (!verdict.includes('Intact')) throw new Error(`audit verify said: ${verdict}`);
	const trailRecords = Number(verdict.match(/all (\d+) records/)?.[1]);

	let started = Date.now();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-project').click()]);
	const file = readFileSync(await download.path());
	const exportMs = Date.now() - started;
	await page.goto(`${origin}/`);
	await page.getByTestId('project-delete').click();
	await page.getByTestId('confirm').click();
	started = Date.now();
	await page.getByTestId('import-project').setInputFiles({ name: 'bench.attune.zip', mimeType: 'application/zip', buffer: file });
	await page.getByTestId('project-title').waitFor({ timeout: 120_000 });
	await page.getByTestId('model-version').filter({ hasText: String(kept) }).waitFor({ timeout: 120_000 });
	const importMs = Date.now() - started;
	return [{
		bench: 'control', backend, samples, labels: acts,
		undo_p50_ms: median(undo), undo_max_ms: round(Math.max(...undo)),
		redo_p50_ms: median(redo), redo_max_ms: round(Math.max(...redo)),
		thumbs_up_to_new_version_p50_ms: median(rate),
		rollback_ms: round(rollback),
		audit_verify_ms: round(verify), audit_records: trailRecords,
		export_project_ms: exportMs, export_project_bytes: file.length,
		import_project_to_model_shown_ms: importMs
	}];
}
