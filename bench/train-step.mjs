// train-step: the default image CNN (batch 32, 32x32x1), one training step, on every backend the
// browser offers, measured by the app's own "Measure this device" panel in the production build.
export async function trainStep({ page, origin, options }) {
	const steps = Number(options.steps ?? 20);
	await page.goto(`${origin}/settings?benchSteps=${steps}`);
	await page.getByTestId('bench-run').click();
	const result = page.getByTestId('bench-result');
	await result.waitFor({ state: 'attached', timeout: 20 * 60_000 });
	const measurements = JSON.parse(await result.textContent());
	const device = await page.evaluate(() => navigator.userAgent);
	const lines = measurements.map((m) => ({ bench: 'train-step', batch: 32, input: '32x32x1', ...m }));
	const available = measurements.filter((m) => m.available);
	const fastest = available.reduce((best, m) => (!best || m.median_ms < best.median_ms ? m : best), undefined);
	if (fastest) {
		const ratios = Object.fromEntries(available.map((m) => [`${m.backend}_vs_${fastest.backend}_x`, +(m.median_ms / fastest.median_ms).toFixed(2)]));
		lines.push({ bench: 'train-step', summary: true, fastest: fastest.backend, ...ratios, device });
	}
	return lines;
}
