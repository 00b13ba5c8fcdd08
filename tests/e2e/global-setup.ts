import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';

/**
 * Prints the browser the suite runs with, before the first test: a failure that comes with a
 * Chromium update can then be told from one the change made. README names the versions it passed on.
 */
export default async function printBrowserVersion(): Promise<void> {
	const options = chromiumLaunchOptions();
	const browser = await chromium.launch(options);
	try {
		console.log(`Browser tests run with Chromium ${browser.version()} (${options.executablePath})`);
	} finally {
		await browser.close();
	}
}
