#!/usr/bin/env node
// npm run bench -- train-step [--steps N] [--no-build]
// npm run bench -- learn-curve [--data FILE.csv] [--seeds N] [--max N] [--no-full]
// npm run bench -- update-latency [--acts 50] [--samples 60,5000,50000] [--backends webgpu,webgl,wasm,cpu] [--model cnn|pretrained|builtin] [--kind image|sound] [--pause-ms 0] [--settle] [--class]
// npm run bench -- import [--n 5000] [--photos 20] [--backends wasm]
// npm run bench -- open [--n 50000] [--backends wasm]
// npm run bench -- al [--data FILE.csv|FOLDER] (a keypoint CSV from make-poses.mjs is read as poses) [--seeds 5] [--max 200] [--strategies a,b] [--every 10] [--candidates 2000|all]
// npm run bench -- live [--seconds 10] [--backends webgpu,webgl,wasm,cpu] [--kind image|sound|pose]
// npm run bench -- saliency [--data FILE.csv] [--samples 50] [--epochs N]
// npm run bench -- rrr [--data FILE.csv] [--seeds 1] [--lambdas a,b]
// npm run bench -- control [--backends wasm] [--samples 60] [--acts 20]
// npm run bench -- calibration [--data FILE.csv] [--seeds 3] [--at 10,20,50,100]
// npm run bench -- novelty [--data FILE.csv] [--known 0,1,2,3,4] [--max 100] [--seeds 3]
// npm run bench -- label-issues [--data FILE.csv] [--noise 0.1] [--seeds 1]
// npm run bench -- slices --data FILE.csv --slice COLUMN [--hard VALUE] [--labels 150] [--seeds 1]
// npm run bench -- class [--members 30] [--labels 50] [--seeds 1]
// Runs a benchmark and prints one JSON object per line (progress goes to stderr). A browser bench runs
// in the production build, in headless Chromium; a Node bench runs in this process, with no build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { al } from './al.mjs';
import { calibration } from './calibration.mjs';
import { classBench } from './class.mjs';
import { control } from './control.mjs';
import { importBench } from './import.mjs';
import { labelIssues } from './label-issues.mjs';
import { learnCurve } from './learn-curve.mjs';
import { live } from './live.mjs';
import { novelty } from './novelty.mjs';
import { open } from './open.mjs';
import { rrr } from './rrr.mjs';
import { saliency } from './saliency.mjs';
import { slices } from './slices.mjs';
import { trainStep } from './train-step.mjs';
import { updateLatency } from './update-latency.mjs';

const BENCHES = {
	'train-step': { run: trainStep, browser: true },
	'learn-curve': { run: learnCurve, browser: false },
	'update-latency': { run: updateLatency, browser: true },
	control: { run: control, browser: true },
	import: { run: importBench, browser: true },
	open: { run: open, browser: true },
	live: { run: live, browser: true },
	al: { run: al, browser: false },
	saliency: { run: saliency, browser: false },
	rrr: { run: rrr, browser: false },
	calibration: { run: calibration, browser: false },
	novelty: { run: novelty, browser: false },
	'label-issues': { run: labelIssues, browser: false },
	slices: { run: slices, browser: false },
	class: { run: classBench, browser: false }
};
const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		steps: { type: 'string' },
		'no-build': { type: 'boolean' },
		port: { type: 'string', default: '4174' },
		data: { type: 'string' },
		seeds: { type: 'string' },
		max: { type: 'string' },
		'no-full': { type: 'boolean' },
		acts: { type: 'string' },
		samples: { type: 'string' },
		backends: { type: 'string' },
		model: { type: 'string' },
		seconds: { type: 'string' },
		strategies: { type: 'string' },
		every: { type: 'string' },
		epochs: { type: 'string' },
		lambdas: { type: 'string' },
		'audit-share': { type: 'string' },
		candidates: { type: 'string' },
		n: { type: 'string' },
		photos: { type: 'string' },
		'pause-ms': { type: 'string' },
		settle: { type: 'boolean' },
		at: { type: 'string' },
		known: { type: 'string' },
		noise: { type: 'string' },
		semi: { type: 'string' },
		slice: { type: 'string' },
		hard: { type: 'string' },
		labels: { type: 'string' },
		members: { type: 'string' },
		class: { type: 'boolean' },
		kind: { type: 'string' }
	}
});
const name = positionals[0];
const bench = Object.hasOwn(BENCHES, name ?? '') ? BENCHES[name] : undefined;
if (!bench) {
	console.error(`usage: npm run bench -- NAME [options]; NAME is one of: ${Object.keys(BENCHES).join(', ')}`);
	process.exit(2);
}

if (!bench.browser) {
	for (const line of await bench.run({ options: values })) console.log(JSON.stringify(line));
	process.exit(0);
}

const { chromium } = await import('@playwright/test');

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
	console.error(`Chromium not found at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH.`);
	process.exit(2);
}
if (!values['no-build']) {
	const build = spawnSync('npx', ['vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
	if (build.status !== 0) process.exit(build.status ?? 1);
}

const origin = `http://127.0.0.1:${values.port}`;
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', values.port, '--strictPort'], {
	stdio: 'ignore',
	detached: true
});
const stopServer = () => {
	try {
		process.kill(-server.pid);
	} catch {}
};
process.on('exit', stopServer);

async function waitForServer() {
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(origin)).ok) return;
		} catch {}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`preview server did not start on ${origin}`);
}

const launchOptions = {
	executablePath,
	args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
		'--no-first-run', '--disable-quic', '--enable-unsafe-webgpu', '--enable-features=Vulkan',
		// A synthetic camera, allowed without a prompt, for the live bench.
		'--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']
};
const browser = await chromium.launch(launchOptions);
const profiles = [];
/**
 * A browser profile on disk, as a user's is. Playwright's usual contexts are off the record, where
 * Chromium keeps IndexedDB in memory: there a write costs ~100 ms in a 50,000-sample database (2-5 ms
 * on disk), which no user's browser shows. The benches that store and read a project use this.
 */
async function onDisk(options = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'attune-bench-profile-'));
	profiles.push(dir);
	return chromium.launchPersistentContext(dir, { ...launchOptions, ...options });
}
try {
	await waitForServer();
	const page = await browser.newPage();
	for (const line of await bench.run({ page, browser, onDisk, origin, options: values, launchOptions })) console.log(JSON.stringify(line));
} finally {
	await browser.close();
	stopServer();
	for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
}
