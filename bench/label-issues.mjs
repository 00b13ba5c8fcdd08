// label-issues: does confident learning find labels flipped at random? --noise (0.1) of the training
// labels flipped, out-of-sample probabilities by 5-fold refits, the flagged list's precision and recall
// at K = the number flipped, and held-out accuracy noisy / fixed / clean. CPU-only Node on tfjs WASM;
// the work is in label-issues.ts.
import { positiveInt, readData } from './options.mjs';
import { importTs } from './ts-runner.mjs';

export async function labelIssues({ options }) {
	const { csv, dataPath } = readData(options);
	const noise = options.noise === undefined ? 0.1 : Number(options.noise);
	if (!(noise > 0 && noise < 1)) throw new Error(`--noise must be between 0 and 1, not ${options.noise}`);
	const { module, close } = await importTs('/bench/label-issues.ts');
	try {
		return await module.labelIssues({ csv, dataPath, seeds: positiveInt(options.seeds, 'seeds', 1), noise, log: (message) => console.error(message) });
	} finally {
		await close();
	}
}
