import { test as base, expect, type BrowserContext, type Page, type Request } from '@playwright/test';

/** Records every request a context makes that leaves `origin`, and every CSP violation. */
export function recordForeignTraffic(context: BrowserContext, origin: string): { foreign: string[]; cspViolations: string[] } {
	const foreign: string[] = [];
	const cspViolations: string[] = [];
	const seen = new WeakSet<Request>();
	const check = (request: Request) => {
		if (seen.has(request)) return; // reported by both the page and its context
		seen.add(request);
		const url = request.url();
		const parsed = new URL(url);
		if (['data:', 'blob:', 'about:', 'chrome-extension:'].includes(parsed.protocol)) return;
		if (parsed.origin !== origin) foreign.push(url);
	};
	context.on('request', check);
	context.on('page', (page) => watchPage(page));
	const watchPage = (page: Page) => {
		page.on('request', check);
		page.on('console', (message) => {
			if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
		});
	};
	context.pages().forEach(watchPage);
	return { foreign, cspViolations };
}

interface Fixtures {
	/** Every test fails if its pages asked any origin but the app's own (or a class server it joined), or broke the CSP. */
	privacy: void;
}

/** Origins a test's pages may also reach: the class server the test started and joined. Reset for every test. */
const joinedServers = new Set<string>();
export function allowClassServer(origin: string): void {
	joinedServers.add(origin);
}

export const test = base.extend<Fixtures>({
	privacy: [
		async ({ context, baseURL }, use) => {
			joinedServers.clear();
			const traffic = recordForeignTraffic(context, new URL(baseURL!).origin);
			await use();
			expect(traffic.foreign.filter((url) => !joinedServers.has(new URL(url).origin)), 'requests to other origins').toEqual([]);
			expect(traffic.cspViolations, 'Content-Security-Policy violations').toEqual([]);
		},
		{ auto: true }
	]
});

export { expect };

/** Opens a page of the app with the learner forced onto `backend` for this page load. */
export async function open(page: Page, path = '/', backend: string | null = 'wasm'): Promise<void> {
	const url = backend ? `${path}${path.includes('?') ? '&' : '?'}backend=${backend}` : path;
	await page.goto(url);
	await expect(page.getByRole('link', { name: 'Attune', exact: true })).toBeVisible();
}
