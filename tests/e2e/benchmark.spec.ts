import { test, expect, open } from './fixtures';

interface Measurement {
	backend: string;
	available: boolean;
	median_ms?: number;
	leaked_tensors?: number;
	reason?: string;
}

test.describe('measure this device', () => {
	test('times a training step on every backend in its own worker, leaking no tensors', async ({ page }) => {
		await open(page, '/settings?benchSteps=1');
		await page.getByTestId('bench-run').click();

		const result = page.getByTestId('bench-result');
		await expect(result).toBeAttached({ timeout: 100_000 });
		const measurements = JSON.parse((await result.textContent())!) as Measurement[];

		expect(measurements.map((m) => m.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
		const wasm = measurements.find((m) => m.backend === 'wasm')!;
		expect(wasm).toMatchObject({ available: true, leaked_tensors: 0 });
		expect(wasm.median_ms).toBeGreaterThan(0);
		for (const m of measurements) {
			// Each backend either measured without a leak, or says in words why it could not.
			if (m.available) expect([m.leaked_tensors, m.median_ms! > 0]).toEqual([0, true]);
			else expect(m.reason).toMatch(/\w{3}/);
		}
	});

	test('cancel stops the running job and measures nothing more', async ({ page }) => {
		await open(page, '/settings?benchSteps=200');
		await page.getByTestId('bench-run').click();
		await expect(page.getByTestId('bench-progress')).toContainText('step', { timeout: 60_000 });

		await page.getByTestId('bench-cancel').click();

		const result = page.getByTestId('bench-result');
		await expect(result).toBeAttached();
		const measurements = JSON.parse((await result.textContent())!) as Measurement[];
		expect(measurements).toEqual([{ backend: 'webgpu', available: false, reason: 'cancelled' }]);
	});
});
