// learn-curve: the from-scratch CNN on digits, test accuracy against the number of labels (10 to
// --max, arriving one at a time in a seeded random order), taught online (one update per label, as
// the app does) and by a full retrain of a fresh model, with the time each takes. CPU-only Node on
// tfjs WASM; the work is in learn-curve.ts, run through Vite's module runner (ts-runner.mjs).
import { positiveInt, readData } from './options.mjs';
import { importTs } from './ts-runner.mjs';

export async function learnCurve({ options }) {
	const { csv, dataPath } = readData(options);
	const seeds = positiveInt(options.seeds, 'seeds', 3);
	const max = positiveInt(options.max, 'max', 300);
	const log = (message) => console.error(message);
	const { module, close } = await importTs('/bench/learn-curve.ts');
	try {
		return await module.learnCurve({
			csv,
			dataPath,
			seeds,
			max,
			full: !options['no-full'],
			log
		});
	} finally {
		await close();
	}
}
