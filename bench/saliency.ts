// saliency, the part that runs inside Vite's module runner (see bench/ts-runner.mjs): the app's model
// trained on 70% of the data, then every explainer that applies to it timed and checked on held-out
// samples, for the class the model predicts: deletion and insertion curves against random orders
// (core/explain/deletion.ts), and the rank correlation of each map with the map of a copy of the model
// whose weights are random (core/explain/randomisation.ts).
import * as tf from '@tensorflow/tfjs';
import type { Explainer } from '$lib/core/explain/explainer';
import { layersClassifier } from '$lib/core/explain/explainer';
import { deletionCurves, randomisedCopy, spearman, type DeletionReport } from '$lib/core/explain/faithfulness';
import { DEFAULT_EXPLAINER, EXPLAINERS, explainersFor } from '$lib/core/explain/registry';
import { accuracy } from '$lib/core/metrics/accuracy';
import { OnlineLearner } from '$lib/core/model/online-learner';
import { sample, seededRandom } from '$lib/core/random';
import { loadExamples, mean, retrainEpochs, round, useWasm, type Line } from './examples';

const TEST_FRACTION = 0.3;
const STEPS = 32;
const RANDOM_ORDERS = 5;
const RANDOMISATION_SEED = 1;
const GOALS = { deletion_ratio_max: 0.5, randomisation_rank_correlation_max: 0.2 };

/**
 * A control, not a method: the input's own values as the map. It knows where the ink is and nothing
 * about the model, so it shows how much of a deletion score that knowledge alone earns, and what the
 * randomisation check says of a map that ignores the model (a correlation of 1).
 */
const INK_CONTROL: Explainer = { id: 'ink-control', name: 'Input values (control)', explain: async (_, x) => Float32Array.from(await x.data(), Math.abs) };

export interface SaliencyOptions {
	csv: string;
	dataPath: string;
	samples: number;
	/** Training passes instead of the full-retrain rule (retrainEpochs), to try the bench quickly. */
	epochs?: number;
	log: (message: string) => void;
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function saliency(options: SaliencyOptions): Promise<Line[]> {
	const { log } = options;
	const wallStart = performance.now();
	await useWasm();
	const data = loadExamples(options.csv);
	const { examples, classes, architecture } = data;
	const testSize = Math.round(examples.length * TEST_FRACTION);
	const shuffled = sample(examples, examples.length, seededRandom(3000));
	const [test, train] = [shuffled.slice(0, testSize), shuffled.slice(testSize)];
	const epochs = options.epochs ?? retrainEpochs(train.length);

	const learner = OnlineLearner.create(classes.length, data.settings, architecture);
	const lines: Line[] = [];
	try {
		log(`saliency: training on ${train.length} examples, ${epochs} epochs…`);
		await learner.fit(train, epochs);
		const testAccuracy = await accuracy(learner, test, classes.length);
		log(`saliency: test accuracy ${testAccuracy.toFixed(3)}`);

		const chosen = test.slice(0, options.samples);
		const probs = await learner.predict(chosen.map((e) => e.input));
		const k = learner.classes;
		const predicted = chosen.map((_, i) => {
			let best = 0;
			for (let c = 1; c < k; c++) if (probs[i * k + c]! > probs[i * k + best]!) best = c;
			return best;
		});
		const model = layersClassifier(learner.network);
		const before = tf.memory().numTensors;
		const randomNetwork = await randomisedCopy(learner.network, RANDOMISATION_SEED);
		const randomModel = layersClassifier(randomNetwork);
		const applicable = new Set(explainersFor(model).map((e) => e.id));
		try {
			for (const explainer of [...EXPLAINERS, INK_CONTROL]) {
				const control = explainer === INK_CONTROL;
				if (!control && !applicable.has(explainer.id)) {
					lines.push({ bench: 'saliency', explainer: explainer.id, applies: false });
					continue;
				}
				const ms: number[] = [];
				const reports: DeletionReport[] = [];
				const correlations: number[] = [];
				const checkMs: number[] = [];
				for (let i = -1; i < chosen.length; i++) {
					// Sample -1 is the first one again, untimed: the first call of a method sets up its kernels.
					const s = Math.max(0, i);
					const input = architecture.batch([chosen[s]!.input]);
					try {
						const started = performance.now();
						const map = await explainer.explain(model, input, predicted[s]!, { seed: s + 1 });
						if (i < 0) continue;
						ms.push(performance.now() - started);
						const checkStart = performance.now();
						reports.push(await deletionCurves(model, input, predicted[s]!, map, { steps: STEPS, randomOrders: RANDOM_ORDERS, seed: s + 1 }));
						checkMs.push(performance.now() - checkStart);
						correlations.push(spearman(map, await explainer.explain(randomModel, input, predicted[s]!, { seed: s + 1 })));
					} finally {
						input.dispose();
					}
				}
				const m = (f: (r: DeletionReport) => number) => mean(reports.map(f));
				const defined = correlations.filter((c) => !Number.isNaN(c));
				const line: Line = {
					bench: 'saliency', explainer: explainer.id, name: explainer.name, default: explainer.id === DEFAULT_EXPLAINER, control, samples: reports.length,
					ms_per_explanation_p50: round(median(ms), 1), ms_per_explanation_mean: round(mean(ms), 1),
					deletion_auc_mean: round(m((r) => r.deletion.auc)), random_deletion_auc_mean: round(m((r) => r.randomDeletion.auc)),
					deletion_ratio_mean_of_per_sample_ratios: round(m((r) => r.deletionRatio)),
					deletion_ratio_of_mean_aucs: round(m((r) => r.deletion.auc) / m((r) => r.randomDeletion.auc)),
					insertion_auc_mean: round(m((r) => r.insertion.auc)), random_insertion_auc_mean: round(m((r) => r.randomInsertion.auc)),
					insertion_ratio_of_mean_aucs: round(m((r) => r.insertion.auc) / m((r) => r.randomInsertion.auc)),
					randomisation_rank_correlation_mean: round(mean(defined)),
					// Samples left out of that mean: one of the two maps was constant (all one value, often
					// all 0 under random weights), so it has no ranks to correlate.
					randomisation_constant_maps: correlations.length - defined.length,
					ms_per_deletion_insertion_check_mean: round(mean(checkMs), 1)
				};
				log(`saliency: ${JSON.stringify(line)}`);
				lines.push(line);
			}
		} finally {
			randomNetwork.dispose();
		}
		lines.push({
			bench: 'saliency', summary: true, data: options.dataPath, kind: data.kind, model: architecture.id,
			examples: examples.length, train_examples: train.length, test_examples: testSize, classes: classes.length,
			test_accuracy: round(testAccuracy), epochs, epochs_rule: options.epochs ? 'reduced by --epochs' : 'retrainEpochs (full retrain)',
			samples: chosen.length, class_explained: 'predicted', deletion_steps: Math.min(STEPS, chosen[0]?.input.length ?? STEPS), random_orders: RANDOM_ORDERS, blank_value: 0,
			randomisation_seed: RANDOMISATION_SEED, goals: GOALS, backend: tf.getBackend(),
			leaked_tensors: tf.memory().numTensors - before, wall_s: Math.round((performance.now() - wallStart) / 1000)
		});
	} finally {
		learner.dispose();
	}
	return lines;
}
