// label-issues, the part that runs inside Vite's module runner (see bench/ts-runner.mjs): a share of the
// training labels flipped at random; out-of-sample probabilities by K-fold refits of the app's model
// (core/session/out-of-sample.ts); the likely mislabels by confident learning (core/quality/label-issues.ts).
// Prints the precision and recall of the flagged list at K = the number flipped, and the held-out
// accuracy trained on the noisy labels, on them with the flagged ones fixed, and on the clean labels.
import * as tf from '@tensorflow/tfjs';
import type { Example } from '$lib/core/model/online-learner';
import { findLabelIssues } from '$lib/core/quality/label-issues';
import { sample, seededRandom } from '$lib/core/random';
import { outOfSampleProbs } from '$lib/core/session/out-of-sample';
import { loadExamples, mean, retrainEpochs, retrainFresh, round, useWasm, type Line } from './examples';

const TEST_FRACTION = 0.3;

export interface LabelIssuesOptions {
	csv: string;
	dataPath: string;
	seeds: number;
	noise: number;
	log: (message: string) => void;
}

export async function labelIssues(options: LabelIssuesOptions): Promise<Line[]> {
	const { log } = options;
	const started = performance.now();
	await useWasm();
	const data = loadExamples(options.csv);
	const classes = data.classes.length;
	const runs: Record<string, number>[] = [];
	for (let seed = 0; seed < options.seeds; seed++) {
		const random = seededRandom(5000 + seed);
		const shuffled = sample(data.examples, data.examples.length, random);
		const testSize = Math.round(shuffled.length * TEST_FRACTION);
		const [test, clean] = [shuffled.slice(0, testSize), shuffled.slice(testSize)];
		const flipped = new Set(sample(clean.map((e) => e.id), Math.round(options.noise * clean.length), random));
		const noisy: Example[] = clean.map((e) => (flipped.has(e.id) ? { ...e, label: (e.label + 1 + Math.floor(random() * (classes - 1))) % classes } : e));
		const epochs = retrainEpochs(noisy.length);
		log(`label-issues: seed ${seed}: ${flipped.size} of ${noisy.length} labels flipped; ${epochs} epochs a fold…`);
		const probs = await outOfSampleProbs(noisy, { classes, settings: data.settings, architecture: data.architecture, epochs });
		const issues = findLabelIssues(noisy.map((e) => probs!.get(e.id)!), noisy.map((e) => e.label));
		const atK = issues.slice(0, flipped.size);
		const hits = atK.filter((i) => flipped.has(noisy[i.index]!.id)).length;
		// Fixing: the human relabels each flagged sample; here, with its true label.
		const truth = new Map(clean.map((e) => [e.id, e.label]));
		const fixed = noisy.map((e, i) => (issues.some((issue) => issue.index === i) ? { ...e, label: truth.get(e.id)! } : e));
		const run = {
			flipped: flipped.size,
			flagged: issues.length,
			precision_at_k: hits / Math.max(1, atK.length),
			recall_at_k: hits / flipped.size,
			accuracy_noisy: (await retrainFresh(classes, data.settings, data.architecture, noisy, test)).accuracy,
			accuracy_fixed: (await retrainFresh(classes, data.settings, data.architecture, fixed, test)).accuracy,
			accuracy_clean: (await retrainFresh(classes, data.settings, data.architecture, clean, test)).accuracy
		};
		runs.push(run);
		log(`label-issues: seed ${seed}: ${JSON.stringify(Object.fromEntries(Object.entries(run).map(([k, v]) => [k, round(v, 3)])))}`);
	}
	const keys = Object.keys(runs[0]!);
	return [
		{ bench: 'label-issues', data: options.dataPath, kind: data.kind, model: data.architecture.id, noise: options.noise, seeds: runs.length, ...Object.fromEntries(keys.map((k) => [k, round(mean(runs.map((r) => r[k]!)))])), per_seed: runs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)]))), backend: tf.getBackend(), wall_s: Math.round((performance.now() - started) / 1000) }
	];
}
