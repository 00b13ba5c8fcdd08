// al, the part that runs inside Vite's module runner (see bench/ts-runner.mjs): learning curves for
// each query strategy, through the app's own code path: a ProjectSession holds the pool, rankPool
// ranks it as the queue does (one query at a time, no audits), and each answer is learned as an act is
// (learnQuick, then refine, then the idle steps). Starts from one labelled sample per class; 30% of the data is held out.
import * as tf from '@tensorflow/tfjs';
import type { Example } from '$lib/core/model/online-learner';
import { STRATEGIES } from '$lib/core/active/registry';
import { sample, seededRandom } from '$lib/core/random';
import { rankPool } from '$lib/worker/ranking';
import { ProjectSession } from '$lib/worker/session';
import { loadExamples, useWasm, mean, retrainFresh, round, std, type Dataset, type Line } from './examples';

export const STRATEGY_IDS = STRATEGIES.map((s) => s.id);
const TEST_FRACTION = 0.3;
const BUDGETS = [50, 100, 200];
const TARGETS = [0.9, 0.95, 0.98];
/** Passes over the first labels, as the app does when several arrive at once (learner.worker.ts). */
const BULK_EPOCHS = 4;

export interface AlOptions {
	csv: string;
	dataPath: string;
	seeds: number;
	max: number;
	strategies: string[];
	/** Accuracy is measured every this many labels (and at each budget). */
	every: number;
	log: (message: string) => void;
}

/** One strategy, one seed: accuracy at each measured label count, and the mean time per query step. */
async function curve(strategyId: string, data: Dataset, classIds: string[], train: Example[], test: Example[], max: number, every: number, seed: number) {
	const firstOfEach = classIds.map((_, c) => train.find((e) => e.label === c)!.id);
	const samples = train.map((e) => ({ id: e.id, input: e.input, classId: firstOfEach.includes(e.id) ? classIds[e.label] : undefined }));
	const session = await ProjectSession.open(classIds, samples, undefined, undefined, data.architecture);
	const truth = new Map(train.map((e) => [e.id, e.label]));
	const points = new Map<number, number>();
	const stepMs: number[] = [];
	try {
		await session.learnAll(BULK_EPOCHS, () => false);
		for (let labels = classIds.length; labels < max; ) {
			const started = performance.now();
			const ranked = await rankPool((work) => work(session), { strategyId, k: 1, auditShare: 0, seed: seed * 100_003 + labels }, () => 0);
			const pick = ranked?.picks[0];
			if (!pick) break;
			session.setLabel(pick.id, classIds[truth.get(pick.id)!]!);
			await session.learnQuick(pick.id);
			await session.refine([pick.id], () => false);
			await session.practise(() => false); // the idle steps the app takes while the human looks at the next sample
			stepMs.push(performance.now() - started);
			labels++;
			if (labels % every === 0 || BUDGETS.includes(labels) || labels === max) points.set(labels, await session.evaluate(test));
		}
	} finally {
		session.dispose();
	}
	return { points, msPerQuery: mean(stepMs) };
}

export async function al(options: AlOptions): Promise<Line[]> {
	const { log } = options;
	const wallStart = performance.now();
	await useWasm();
	const data = loadExamples(options.csv);
	const { examples, classes } = data;
	const classIds = classes.map((c) => `class-${c}`);
	const testSize = Math.round(examples.length * TEST_FRACTION);
	const lines: Line[] = [];
	const results = new Map<string, { points: Map<number, number>; msPerQuery: number }[]>();
	let reference = NaN;

	for (let seed = 0; seed < options.seeds; seed++) {
		const shuffled = sample(examples, examples.length, seededRandom(2000 + seed));
		const [test, train] = [shuffled.slice(0, testSize), shuffled.slice(testSize)];
		if (seed === 0) {
			log(`al: full-data reference on ${train.length} labels…`);
			// The reference: the same model trained on every training label (as learn-curve's full retrain).
			reference = (await retrainFresh(data.classes.length, data.settings, data.architecture, train, test)).accuracy;
			log(`al: full-data accuracy ${reference.toFixed(3)}`);
		}
		for (const strategyId of options.strategies) {
			const result = await curve(strategyId, data, classIds, train, test, Math.min(options.max, train.length), options.every, seed);
			results.set(strategyId, [...(results.get(strategyId) ?? []), result]);
			log(`al: seed ${seed} ${strategyId}: ${[...result.points].map(([n, a]) => `${n}:${a.toFixed(3)}`).join(' ')} (${result.msPerQuery.toFixed(0)} ms/query)`);
		}
	}

	for (const [strategyId, runs] of results) {
		const counts = [...runs[0]!.points.keys()];
		const meanAt = (n: number) => mean(runs.map((r) => r.points.get(n) ?? NaN));
		const labelsTo = (fraction: number) => counts.find((n) => meanAt(n) >= fraction * reference) ?? null;
		lines.push({
			bench: 'al', strategy: strategyId, seeds: runs.length, full_data_accuracy: round(reference),
			...Object.fromEntries(TARGETS.map((t) => [`labels_to_${Math.round(t * 100)}pct`, labelsTo(t)])),
			...Object.fromEntries(BUDGETS.map((b) => [`accuracy_at_${b}`, round(meanAt(b))])),
			...Object.fromEntries(BUDGETS.map((b) => [`accuracy_std_at_${b}`, round(std(runs.map((r) => r.points.get(b) ?? NaN)))])),
			ms_per_query_mean: Math.round(mean(runs.map((r) => r.msPerQuery))),
			curve: Object.fromEntries(counts.map((n) => [n, round(meanAt(n), 3)]))
		});
	}
	lines.push({ bench: 'al', summary: true, data: options.dataPath, kind: data.kind, model: data.architecture.id, examples: examples.length, test_examples: testSize, classes: classes.length, max_labels: options.max, backend: tf.getBackend(), wall_s: Math.round((performance.now() - wallStart) / 1000) });
	return lines;
}
