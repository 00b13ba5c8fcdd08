// calibration: does the confidence the app shows mean what it says? The app's teaching loop (default
// strategy, audit picks) on any CSV, digits by default; at 10, 20, 50 and 100 labels (--at a,b,c) the
// held-out ECE before and after calibration, and the share of wrong auto-accepts at the 95% threshold.
// CPU-only Node on tfjs WASM; the work is in calibration.ts.
import { positiveInt, readData } from './options.mjs';
import { importTs } from './ts-runner.mjs';

export async function calibration({ options }) {
	const { csv, dataPath, files } = readData(options);
	const { module, close } = await importTs('/bench/calibration.ts');
	try {
		const checkpoints = options.at ? options.at.split(',').map((n) => positiveInt(n, 'at', 0)) : module.CHECKPOINTS;
		return await module.calibration({ csv, dataPath, files, model: options.model === 'cnn' ? 'cnn' : 'pretrained', seeds: positiveInt(options.seeds, 'seeds', 3), checkpoints, log: (message) => console.error(message) });
	} finally {
		await close();
	}
}
