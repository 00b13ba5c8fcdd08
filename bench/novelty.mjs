// novelty: are samples of classes never taught told apart from the taught ones? The app's teaching loop
// on the --known classes (0,1,2,3,4 by default) up to --max labels (100), then AUROC per novelty score
// on held-out samples of the known and the other classes. CPU-only Node on tfjs WASM; the work is in novelty.ts.
import { positiveInt, readData } from './options.mjs';
import { importTs } from './ts-runner.mjs';

export async function novelty({ options }) {
	const { csv, dataPath, files } = readData(options);
	const known = (options.known ?? '0,1,2,3,4').split(',').map((k) => k.trim()).filter(Boolean);
	if (known.length < 2) throw new Error('--known must name at least two classes, comma-separated');
	const { module, close } = await importTs('/bench/novelty.ts');
	try {
		return await module.novelty({ csv, dataPath, files, model: options.model === 'cnn' ? 'cnn' : 'pretrained', seeds: positiveInt(options.seeds, 'seeds', 3), known, labels: positiveInt(options.max, 'max', 100), log: (message) => console.error(message) });
	} finally {
		await close();
	}
}
