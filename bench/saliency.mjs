// saliency: how far each explainer's maps can be trusted, and how long they take. The app's model is
// trained on 70% of any CSV (digits by default: the image CNN; a spreadsheet: the tabular MLP), then
// each explainer that applies explains --samples held-out samples (50) for the predicted class: ms per
// map, deletion and insertion AUCs against random orders (Petsiuk et al. 2018), and the rank
// correlation of each map with the map under randomised weights (Adebayo et al. 2018). --epochs N
// trains for fewer passes, to try it quickly. CPU-only Node on tfjs WASM; the work is in saliency.ts.
import { positiveInt, readData } from './options.mjs';
import { importTs } from './ts-runner.mjs';

export async function saliency({ options }) {
	const { csv, dataPath } = readData(options);
	const samples = positiveInt(options.samples, 'samples', 50);
	const epochs = options.epochs === undefined ? undefined : positiveInt(options.epochs, 'epochs', 1);
	const { module, close } = await importTs('/bench/saliency.ts');
	try {
		return await module.saliency({ csv, dataPath, samples, epochs, log: (message) => console.error(message) });
	} finally {
		await close();
	}
}
