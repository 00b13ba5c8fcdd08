// slices: does the bias audit flag the slice that is worse, and no other? The app's teaching loop on a
// CSV with a slice column (--slice COLUMN; bench/make-sliced.mjs makes one from digits or any CSV, its
// `west` rows made harder), then each slice's accuracy on the judged labels and the flag
// (core/quality/slices.ts). --hard VALUE names the slice made harder (west by default when --slice is
// site). CPU-only Node on tfjs WASM; the work is in slices.ts.
import { positiveInt, readData } from './options.mjs';
import { importTs } from './ts-runner.mjs';

export async function slices({ options }) {
	if (!options.slice) throw new Error('--slice COLUMN is needed: the column whose values are the slices (node bench/make-sliced.mjs makes a CSV with one, `site`)');
	const { csv, dataPath } = readData(options);
	const { module, close } = await importTs('/bench/slices.ts');
	try {
		const hard = options.hard ?? (options.slice === 'site' ? 'west' : undefined);
		return await module.slices({ csv, dataPath, slice: options.slice, hard, labels: positiveInt(options.labels, 'labels', 150), seeds: positiveInt(options.seeds, 'seeds', 1), log: (message) => console.error(message) });
	} finally {
		await close();
	}
}
