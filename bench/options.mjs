// What the Node benchmarks share: their options and the data file they read.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DEFAULT_DATA = ['../shared/data/digits.csv', 'tests/fixtures/digits.csv'];

/** An integer option of at least 1, or `fallback` when it was not given. */
export function positiveInt(value, name, fallback) {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${value}`);
	return n;
}

/** The CSV given by --data (digits by default): its text, and its path as printed (relative to the repo when inside it). */
export function readData(options) {
	const root = fileURLToPath(new URL('..', import.meta.url));
	const candidates = options.data ? [options.data] : DEFAULT_DATA.map((p) => new URL(`../${p}`, import.meta.url).pathname);
	const dataPath = candidates.find((p) => existsSync(p));
	if (!dataPath) throw new Error(`no data file: ${candidates.join(', ')}`);
	return { csv: readFileSync(dataPath, 'utf8'), dataPath: dataPath.startsWith(root) ? dataPath.slice(root.length) : dataPath };
}
