import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { startClassServer } from '../../src/class-server/server.js';
import { test, expect, open, recordForeignTraffic, allowClassServer } from './fixtures';
import { makeImages } from './images';
import { newProjectWithClasses } from './teach-helpers';

const SHOTS = 'test-results/screenshots';

/** The origins the page's Content-Security-Policy lets it connect to. */
const connectSrc = (page: Page) =>
	page.locator('meta[http-equiv="content-security-policy"]').evaluate((m: HTMLMetaElement) => m.content.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'))!);

async function serviceWorkerControls(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
	});
}

/** A student's device: its own browser context (its own storage), joined to the class by code. */
async function studentJoins(browser: Browser, baseURL: string, server: string, code: string, name: string, viewport = { width: 1280, height: 2000 }) {
	const context = await browser.newContext({ baseURL, viewport, ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}) });
	const traffic = recordForeignTraffic(context, new URL(baseURL).origin);
	const page = await context.newPage();
	await open(page);
	await serviceWorkerControls(page);
	expect(await connectSrc(page), 'before joining, the page may connect to its own origin only').toBe("connect-src 'self'");
	expect(traffic.foreign, 'nothing left the device before joining').toEqual([]);
	await page.getByTestId('class-join-open').click();
	await page.getByTestId('join-server').fill(server);
	await page.getByTestId('join-code').fill(code);
	await page.getByTestId('join-name').fill(name);
	await page.getByTestId('join-submit').click();
	await expect(page.getByTestId('class-status')).toHaveText('Synced', { timeout: 60_000 });
	expect(await connectSrc(page), 'after joining, exactly the class server is added').toBe(`connect-src 'self' ${server}`);
	return { context, page, traffic };
}

test.describe('a class teaches one model together', () => {
	let dataDir: string;
	let server: { url: string; teacherCode: string; close: () => Promise<void> };
	const contexts: BrowserContext[] = [];

	test.beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'attune-e2e-class-'));
		server = await startClassServer({ port: 0, dataDir, quiet: true });
		mkdirSync(SHOTS, { recursive: true });
	});
	test.afterAll(async () => {
		for (const c of contexts) await c.close().catch(() => undefined);
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	test('a teacher and two students on their own devices: every label arrives, a tie is decided, the class model learns, a forged decision is refused', async ({ page, browser, baseURL }) => {
		test.setTimeout(300_000);
		allowClassServer(server.url);
		await page.setViewportSize({ width: 1280, height: 2000 });
		// The teacher: a picture project with two labels and two photos, made the class model.
		await newProjectWithClasses(page, 'Shapes class', ['ring', 'bars']);
		await serviceWorkerControls(page);
		const images = [...(await makeImages(page, 'ring', 2)), ...(await makeImages(page, 'bars', 2, 5))];
		await page.getByTestId('sample-upload').setInputFiles(images);
		await expect(page.getByTestId('suggestion')).toHaveCount(4);
		await page.getByTestId('class-open').click();
		await page.getByTestId('class-server').fill(server.url);
		await page.getByTestId('class-teacher-code').fill(server.teacherCode);
		await page.getByTestId('class-display-name').fill('Ms Lee');
		await page.getByTestId('class-start').click();
		const code = (await page.getByTestId('class-code').textContent({ timeout: 60_000 }))!;
		expect(code).toMatch(/^[A-Z2-9]{6}$/);
		await expect(page.getByTestId('class-qr').locator('svg')).toBeVisible();
		await expect(page.getByTestId('class-status')).toHaveText('Synced', { timeout: 60_000 });

		// Two students join by code on their own devices and get the photos.
		const ann = await studentJoins(browser, baseURL!, server.url, code, 'Ann');
		const bo = await studentJoins(browser, baseURL!, server.url, code.toLowerCase(), 'Bo', { width: 390, height: 844 });
		contexts.push(ann.context, bo.context);
		for (const s of [ann, bo]) await expect(s.page.getByTestId('suggestion')).toHaveCount(4, { timeout: 60_000 });

		// Bo's phone: the suggestion and the act bar are on screen together, targets are thumb-sized, and a swipe left skips.
		const photo = (p: Page, i: number) => p.getByTestId('suggestion').nth(i);
		await photo(bo.page, 2).click();
		const bar = bo.page.getByTestId('act-bar');
		await expect(bar).toBeInViewport();
		await expect(bar.locator('.bar-suggestion')).toBeInViewport();
		expect((await bar.getByTestId('accept').boundingBox())!.height).toBeGreaterThanOrEqual(44);
		await expect(bo.page.getByTestId('rate-up').locator('svg')).toBeVisible();
		await bo.page.screenshot({ path: `${SHOTS}/class-phone.png` });
		const shown = await bo.page.getByTestId('focus').locator('figcaption').first().textContent();
		const area = (await bo.page.getByTestId('swipe-area').boundingBox())!;
		await bo.page.mouse.move(area.x + area.width * 0.8, area.y + area.height / 2);
		await bo.page.mouse.down();
		await bo.page.mouse.move(area.x + area.width * 0.1, area.y + area.height / 2, { steps: 5 });
		await bo.page.mouse.up();
		await expect(bo.page.getByTestId('focus').locator('figcaption').first()).not.toHaveText(shown!);

		// Ann labels while online; Bo goes offline, labels, and comes back.
		await photo(ann.page, 0).click();
		await ann.page.getByTestId('correct-ring').click();
		await photo(ann.page, 1).click();
		await ann.page.getByTestId('correct-bars').click();
		await bo.context.setOffline(true);
		await photo(bo.page, 0).click();
		await bo.page.getByTestId('correct-bars').click();
		await photo(bo.page, 1).click();
		await bo.page.getByTestId('correct-bars').click();
		await expect(bo.page.getByTestId('class-status')).toContainText(/Offline since|changes? waiting/, { timeout: 60_000 });
		await bo.page.screenshot({ path: `${SHOTS}/class-phone-offline.png` });
		await bo.context.setOffline(false);
		await expect(bo.page.getByTestId('class-status')).toHaveText('Synced', { timeout: 90_000 });

		// The teacher sees every vote, the agreement and the tie (photo 0: ring vs bars).
		await expect(page.getByTestId('class-ties')).toHaveText('1 tie waiting for you', { timeout: 60_000 });
		await expect(page.getByTestId('class-agreement')).toContainText('Fleiss’ κ');
		const tie = page.getByTestId('dispute').filter({ has: page.getByTestId('tie') });
		await expect(tie).toHaveCount(1);
		await expect(tie).toContainText('Ann: ring');
		await expect(tie).toContainText('Bo: bars');
		await page.screenshot({ path: `${SHOTS}/class-teacher.png` });
		await page.locator('section[aria-label="Class agreement"]').screenshot({ path: `${SHOTS}/class-agreement.png` });

		// Deciding the tie writes the class's label, and the class model learns from it.
		const before = Number(await page.getByTestId('model-version').textContent());
		await tie.getByTestId('decide-ring').click();
		await expect(page.getByTestId('class-ties')).toHaveText('0 ties waiting for you');
		await expect.poll(async () => Number(await page.getByTestId('model-version').textContent()), { timeout: 60_000 }).toBeGreaterThan(before);
		await expect(page.getByTestId('dispute').first().getByTestId('decided')).toHaveText('Decided: ring');
		// The teacher's device shares the class model as it learns; a student's device hears of it.
		await expect(ann.page.getByTestId('class-model')).toContainText(/The class model is at version [1-9]/, { timeout: 60_000 });

		// A student's device that tries to write the decision itself is refused by the server.
		await ann.page.getByRole('button', { name: 'Use on another device' }).click();
		const key = JSON.parse(Buffer.from((await ann.page.getByTestId('member-key').inputValue()).trim(), 'base64').toString());
		const forged = await ann.page.evaluate(
			async ({ key }) => {
				const response = await fetch(`${key.server}/${key.db}/consensus:${'0'.repeat(64)}`, {
					method: 'PUT',
					headers: { 'content-type': 'application/json', authorization: 'Basic ' + btoa(`${key.memberId}:${key.password}`) },
					body: JSON.stringify({ type: 'consensus', label: 'bars' })
				});
				return { status: response.status, reason: (await response.json()).reason };
			},
			{ key }
		);
		expect(forged).toEqual({ status: 403, reason: 'Only the teacher decides a label for the class.' });

		// Projector mode: one key, large type for the back of the room.
		await page.setViewportSize({ width: 1280, height: 720 });
		await page.locator('body').press('p');
		await expect(page.getByTestId('projector')).toBeVisible();
		const smallest = await page.getByTestId('projector').evaluate((root) =>
			Math.min(...[...root.querySelectorAll('p, h2, strong, button')].map((el) => parseFloat(getComputedStyle(el).fontSize)))
		);
		expect(smallest).toBeGreaterThanOrEqual(28);
		await page.screenshot({ path: `${SHOTS}/class-projector.png` });
		await page.locator('body').press('p');
		await expect(page.getByTestId('projector')).toBeHidden();

		// A new code stops the old one: a device joining with it is told so, and nothing is stored.
		await page.getByRole('button', { name: 'New code' }).click();
		await expect(page.getByTestId('class-code')).not.toHaveText(code, { timeout: 30_000 });
		const late = await browser.newContext({ baseURL });
		contexts.push(late);
		const latePage = await late.newPage();
		await open(latePage);
		await serviceWorkerControls(latePage);
		await latePage.getByTestId('class-join-open').click();
		await latePage.getByTestId('join-server').fill(server.url);
		await latePage.getByTestId('join-code').fill(code);
		await latePage.getByTestId('join-name').fill('Cy');
		await latePage.getByTestId('join-submit').click();
		await expect(latePage.getByTestId('error')).toContainText(`No class has the code “${code}”`);

		// The teacher removes Ann: her device says so at once, and keeps what she labels there.
		await page.getByTestId('class-members').click();
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByTestId('remove-Ann').click();
		await expect(page.getByTestId('remove-Ann')).toHaveCount(0);
		await photo(ann.page, 2).click();
		await ann.page.getByTestId('correct-ring').click();
		await expect(ann.page.getByTestId('class-status')).toContainText('the teacher may have removed you', { timeout: 60_000 });
		await expect(ann.page.getByTestId('class-status')).toContainText('Your labels stay here');
		await ann.page.reload();
		await expect(photo(ann.page, 2).getByTestId('human-label')).toHaveText('Labelled ring');
		await ann.page.screenshot({ path: `${SHOTS}/class-removed.png` });

		// Leaving keeps the student's copy, and the next page load may no longer reach the server.
		await bo.page.getByTestId('class-leave').click();
		await expect(bo.page.getByText('You left the class')).toBeVisible();
		await bo.page.reload();
		await expect(bo.page.getByTestId('suggestion')).toHaveCount(4);
		expect(await connectSrc(bo.page), 'after leaving, the page may connect to its own origin only').toBe("connect-src 'self'");

		// Every request a student's device made went to the app or to the class server, nowhere else.
		for (const s of [ann, bo]) {
			expect(s.traffic.foreign.filter((url) => new URL(url).origin !== server.url)).toEqual([]);
			expect(s.traffic.cspViolations).toEqual([]);
		}
	});
});
