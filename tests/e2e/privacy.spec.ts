import { test, expect, recordForeignTraffic } from './fixtures';

test.describe('privacy', () => {
	test('the recorder that guards every test does catch a request to another origin', async ({ browser }) => {
		const context = await browser.newContext();
		const traffic = recordForeignTraffic(context, 'http://127.0.0.1:4173');
		const page = await context.newPage();

		await page.goto('about:blank');
		await page.evaluate(() => fetch('http://127.0.0.2:9/tracker').catch(() => undefined));

		expect(traffic.foreign).toEqual(['http://127.0.0.2:9/tracker']);
		await context.close();
	});

	test('the Content-Security-Policy allows only the app’s own origin', async ({ browser, baseURL }) => {
		// Its own context: the violation this test provokes on purpose must not fail the guard.
		const context = await browser.newContext({ baseURL });
		const page = await context.newPage();
		const response = await page.goto('/');
		const meta = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
		const policy = meta ?? response?.headers()['content-security-policy'] ?? '';

		expect(policy).toContain("default-src 'self'");
		expect(policy).toContain("connect-src 'self'");
		const blocked = await page.evaluate(() => fetch('http://127.0.0.2:9/').then(() => 'sent', () => 'blocked'));
		expect(blocked).toBe('blocked');
		await context.close();
	});
});
