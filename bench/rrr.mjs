// rrr: decoy digits (Ross et al. 2017's decoy MNIST on the UCI digits): test accuracy of the app's CNN
// trained plainly on images whose corner swatch gives the class away, with explanation-feedback masks
// on 10% and 100% of them, and trained on clean images. --lambdas a,b tries penalty weights other than
// the app's default. CPU-only Node on tfjs WASM; the work is in rrr.ts.
import { positiveInt, readData } from './options.mjs';
import { importTs } from './ts-runner.mjs';

export async function rrr({ options }) {
	const { csv, dataPath } = readData(options);
	const lambdas = options.lambdas?.split(',').map(Number);
	if (lambdas?.some((l) => !Number.isFinite(l) || l < 0)) throw new Error(`--lambdas must be non-negative numbers, not ${options.lambdas}`);
	const { module, close } = await importTs('/bench/rrr.ts');
	try {
		return await module.rrr({ csv, dataPath, seeds: positiveInt(options.seeds, 'seeds', 1), lambdas, log: (message) => console.error(message) });
	} finally {
		await close();
	}
}
