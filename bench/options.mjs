// What the Node benchmarks share: their options and the data file they read.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
	const shown = dataPath.startsWith(root) ? dataPath.slice(root.length) : dataPath;
	if (statSync(dataPath).isDirectory()) return { csv: '', dataPath: shown, files: readClassFolders(dataPath) };
	return { csv: readFileSync(dataPath, 'utf8'), dataPath: shown };
}

/** A folder of class folders (the dataset export's layout): every file in each, with its class and name. */
function readClassFolders(folder) {
	const files = [];
	for (const className of readdirSync(folder).sort()) {
		const dir = join(folder, className);
		if (className.startsWith('.') || !statSync(dir).isDirectory()) continue;
		for (const name of readdirSync(dir).sort()) if (!name.startsWith('.')) files.push({ className, name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
	}
	if (files.length === 0) throw new Error(`${folder} has no class folders with files in them`);
	return files;
}
