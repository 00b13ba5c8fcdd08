import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium (or CHROMIUM_PATH), with WebGPU on and every background connection off. */
export function chromiumLaunchOptions(): LaunchOptions {
	const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (!existsSync(executablePath)) {
		throw new Error(`Chromium not found at ${executablePath}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
	}
	return {
		executablePath,
		args: [
			'--no-sandbox',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic',
			'--enable-unsafe-webgpu',
			'--enable-features=Vulkan',
			// A synthetic camera, allowed without a prompt, for the webcam tests.
			'--use-fake-device-for-media-stream',
			'--use-fake-ui-for-media-stream'
		]
	};
}
