// al: active-learning curves for every query strategy (or --strategies a,b), one query at a time from
// one labelled sample per class, 30% held out, on any CSV (digits by default), notes (.jsonl) or a
// folder of class folders of sound files (their log-mel spectrograms learned by the CNN, as in a sound project)
// or of photos (JPEG, PNG): a square grayscale image (columns p0..pN-1) learned by the image CNN, or a
// spreadsheet or notes learned by the app's row model (--model default|linear|mlp). Photos learn as a
// new picture project does (--model default: chosen by measurement, starting on the built-in backbone,
// the human pausing at each measured budget, where the app's idle refit makes the model choice's
// check), on the backbone for good (--model pretrained), or on the small CNN (--model cnn). --semi pseudo-labels,label-propagation adds, per
// strategy, the curves learning from the unlabelled pool that way, from the same seeds; --noise 0.1
// gives a tenth of the answers wrong. Prints, per curve, the labels needed to reach 90/95/98% of the
// full-data accuracy (mean over the seeds' splits) and the accuracy at 50/100/200 labels. CPU-only
// Node on tfjs WASM; the work is in al.ts.
import { positiveInt, readData } from './options.mjs';
import { importTs } from './ts-runner.mjs';

/** --audit-share: a fraction from 0 (the default: no audit picks) to 1. */
function share(value) {
	if (value === undefined) return 0;
	const n = Number(value);
	if (!(n >= 0 && n <= 1)) throw new Error(`--audit-share must be between 0 and 1, not ${value}`);
	return n;
}

/** --candidates: how many the comparing strategies rank at most (the app's default), or `all`. */
function candidates(value) {
	if (value === undefined) return 2000;
	if (value === 'all') return Infinity;
	const n = Number(value);
	if (!(Number.isInteger(n) && n > 0)) throw new Error(`--candidates must be a whole number above 0 or all, not ${value}`);
	return n;
}

/** One of `known`, or `fallback` when not given. */
function choice(value, known, name, fallback) {
	if (value === undefined) return fallback;
	if (!known.includes(value)) throw new Error(`--${name} must be one of ${known.join(', ')}, not ${value}`);
	return value;
}

/** --noise: the share of answers given wrong, from 0 (the default) to 0.5. */
function noise(value) {
	if (value === undefined) return 0;
	const n = Number(value);
	if (!(n >= 0 && n <= 0.5)) throw new Error(`--noise must be between 0 and 0.5, not ${value}`);
	return n;
}

export async function al({ options }) {
	const { csv, dataPath, files } = readData(options);
	const { module, close } = await importTs('/bench/al.ts');
	try {
		const known = module.STRATEGY_IDS;
		const strategies = options.strategies ? options.strategies.split(',') : known;
		const unknown = strategies.filter((s) => !known.includes(s));
		if (unknown.length) throw new Error(`unknown strategies ${unknown.join(', ')}; known: ${known.join(', ')}`);
		return await module.al({
			csv,
			dataPath,
			files,
			seeds: positiveInt(options.seeds, 'seeds', 5),
			max: positiveInt(options.max, 'max', 200),
			strategies,
			every: positiveInt(options.every, 'every', 10),
			auditShare: share(options['audit-share']),
			candidates: candidates(options.candidates),
			model: choice(options.model, ['default', 'linear', 'mlp', 'cnn', 'pretrained'], 'model', 'default'),
			semi: options.semi === undefined ? [] : String(options.semi).split(',').map((m) => choice(m, ['pseudo-labels', 'label-propagation'], 'semi')),
			noise: noise(options.noise),
			log: (message) => console.error(message)
		});
	} finally {
		await close();
	}
}
