// rrr, the part that runs inside Vite's module runner (see bench/ts-runner.mjs): decoy digits (Ross
// et al. 2017's decoy MNIST, on the UCI digits). Each training image gets a 4x4 swatch in a random
// corner of its 32x32 input whose shade says its class (255 - 22 * class); in the test set the shade
// is random. The app's CNN learns it through the app's own learner (OnlineLearner.fit), plainly and
// with explanation masks (the swatch: "this should not matter") on 10% and 100% of the training
// images, and a model trained on clean images gives the ceiling.
import * as tf from '@tensorflow/tfjs';
import { INPUT_SIDE } from '$lib/core/model/image-input';
import type { Example } from '$lib/core/model/online-learner';
import { sample, seededRandom } from '$lib/core/random';
import { loadExamples, useWasm, mean, retrainFresh, round, type Line } from './examples';

const TEST_FRACTION = 0.3;
const SWATCH = 4;

export interface RrrOptions {
	csv: string;
	dataPath: string;
	seeds: number;
	/** Explanation-penalty weights to try (lambda); the app's default when not given. */
	lambdas?: number[];
	log: (message: string) => void;
}

/** A copy of the image with a swatch of `shade` in one corner, and the mask of that swatch. */
function withSwatch(image: Uint8Array, corner: number, shade: number): { input: Uint8Array; mask: Float32Array } {
	const input = image.slice();
	const mask = new Float32Array(image.length);
	const [top, left] = [corner < 2 ? 0 : INPUT_SIDE - SWATCH, corner % 2 === 0 ? 0 : INPUT_SIDE - SWATCH];
	for (let y = top; y < top + SWATCH; y++)
		for (let x = left; x < left + SWATCH; x++) {
			input[y * INPUT_SIDE + x] = shade;
			mask[y * INPUT_SIDE + x] = 1;
		}
	return { input, mask };
}

function decoyed(examples: readonly Example[], random: () => number, shadeOf: (label: number) => number): (Example & { swatch: Float32Array })[] {
	return examples.map((e) => {
		const { input, mask } = withSwatch(e.input as Uint8Array, Math.floor(random() * 4), shadeOf(e.label));
		return { ...e, input, swatch: mask };
	});
}

export async function rrr(options: RrrOptions): Promise<Line[]> {
	const { log } = options;
	const wallStart = performance.now();
	await useWasm();
	const data = loadExamples(options.csv);
	if (data.kind !== 'image') throw new Error('rrr needs a square grayscale image CSV (such as digits)');
	const classes = data.classes.length;
	const lambdas = options.lambdas ?? [data.settings.explanationWeight];
	const results = new Map<string, number[]>();
	const record = (name: string, value: number) => results.set(name, [...(results.get(name) ?? []), value]);
	const testSize = Math.round(data.examples.length * TEST_FRACTION);

	for (let seed = 0; seed < options.seeds; seed++) {
		const random = seededRandom(3000 + seed);
		const shuffled = sample(data.examples, data.examples.length, random);
		const [cleanTest, cleanTrain] = [shuffled.slice(0, testSize), shuffled.slice(testSize)];
		const step = Math.floor(200 / Math.max(1, classes - 1));
		const train = decoyed(cleanTrain, random, (label) => 255 - step * label);
		const test = decoyed(cleanTest, random, () => Math.floor(random() * 256));
		const masked = (share: number) => {
			const chosen = new Set(sample(train, Math.round(train.length * share), random).map((e) => e.id));
			return train.map(({ swatch, ...e }) => (chosen.has(e.id) ? { ...e, mask: swatch } : e));
		};
		const runs: [string, Example[], number][] = [
			['plain', masked(0), 0],
			['clean', cleanTrain, 0],
			...lambdas.flatMap((l): [string, Example[], number][] => [[`feedback_10pct@${l}`, masked(0.1), l], [`feedback_100pct@${l}`, masked(1), l]])
		];
		for (const [name, examples, lambda] of runs) {
			const settings = { ...data.settings, explanationWeight: lambda, seed: data.settings.seed + seed };
			const result = await retrainFresh(classes, settings, data.architecture, examples, name === 'clean' ? cleanTest : test);
			record(name, result.accuracy);
			record(`${name}:s`, result.ms / 1000);
			log(`rrr: seed ${seed} ${name}: test accuracy ${result.accuracy.toFixed(3)} (${(result.ms / 1000).toFixed(0)} s)`);
		}
	}
	const lines: Line[] = [];
	const clean = mean(results.get('clean')!);
	for (const [name, values] of results) {
		if (name.endsWith(':s')) continue;
		const [run, lambda] = name.split('@');
		lines.push({
			bench: 'rrr', run, ...(lambda ? { lambda: Number(lambda) } : {}), seeds: values.length,
			test_accuracy: round(mean(values)), points_below_clean: round((clean - mean(values)) * 100, 1),
			train_s: round(mean(results.get(`${name}:s`)!), 1)
		});
	}
	lines.push({ bench: 'rrr', summary: true, data: options.dataPath, examples: data.examples.length, test_examples: testSize, swatch_px: SWATCH, backend: tf.getBackend(), wall_s: Math.round((performance.now() - wallStart) / 1000) });
	return lines;
}
