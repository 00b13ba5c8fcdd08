// learn-curve: the from-scratch CNN on digits, test accuracy against the number of labels (10 to
// --max, arriving one at a time in a seeded random order), taught online (one update per label, as
// the app does) and by a full retrain of a fresh model, with the time each takes. CPU-only Node on
// tfjs WASM; the work is in learn-curve.ts, run through Vite's module runner (ts-runner.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importTs } from './ts-runner.mjs';

const DEFAULT_DATA = ['../shared/data/digits.csv', 'tests/fixtures/digits.csv'];

function positiveInt(value, name, fallback) {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${value}`);
	return n;
}

export async function learnCurve({ options }) {
	const root = fileURLToPath(new URL('..', import.meta.url));
	const candidates = options.data ? [options.data] : DEFAULT_DATA.map((p) => new URL(`../${p}`, import.meta.url).pathname);
	const dataPath = candidates.find((p) => existsSync(p));
	if (!dataPath) throw new Error(`no data file: ${candidates.join(', ')}`);
	const seeds = positiveInt(options.seeds, 'seeds', 3);
	const max = positiveInt(options.max, 'max', 300);
	const log = (message) => console.error(message);
	const { module, close } = await importTs('/bench/learn-curve.ts');
	try {
		return await module.learnCurve({
			csv: readFileSync(dataPath, 'utf8'),
			dataPath: dataPath.startsWith(root) ? dataPath.slice(root.length) : dataPath,
			seeds,
			max,
			full: !options['no-full'],
			log
		});
	} finally {
		await close();
	}
}
