// al, the part that runs inside Vite's module runner (see bench/ts-runner.mjs): learning curves for
// each query strategy, through the app's own code path: a ProjectSession holds the pool, rankPool
// ranks it as the queue does (one query at a time, no audits), and each answer is learned as an act is
// (the quick step, then refine, then the idle steps). Starts from one labelled sample per class; 30% of the data is held out.
import * as tf from '@tensorflow/tfjs';
import type { Example } from '$lib/core/model/online-learner';
import { labelsSaved, type AuditRecord } from '$lib/core/quality/labels-saved';
import { STRATEGIES } from '$lib/core/query/registry';
import { sample, seededRandom } from '$lib/core/random';
import { rankPool } from '$lib/core/query/rank-pool';
import { BULK_EPOCHS } from '$lib/core/session/sync-plan';
import { ProjectSession } from '$lib/core/session/project-session';
import { loadExamples, loadSounds, useWasm, mean, retrainFresh, round, std, type Dataset, type Line, type RowModelChoice, type SoundFile } from './examples';
import type { Architecture } from '$lib/core/model/architecture';
import type { ModelChoiceCheck } from '$lib/core/session/types';
import { familyOf, rowArchitecture } from '$lib/core/model/row-models';
import type { PoolLearningChoice, PoolLearningId } from '$lib/core/semi/pool-learning';
import { arePhotos, loadPhotos } from './photos';

export const STRATEGY_IDS = STRATEGIES.map((s) => s.id);
const TEST_FRACTION = 0.3;
const BUDGETS = [50, 100, 200];
const TARGETS = [0.9, 0.95, 0.98];

export interface AlOptions {
	csv: string;
	dataPath: string;
	/** A folder of class folders of photos (JPEG, PNG) or sound files, read instead of the CSV. */
	files?: SoundFile[];
	seeds: number;
	max: number;
	strategies: string[];
	/** Accuracy is measured every this many labels (and at each budget). */
	every: number;
	/**
	 * The share of queries that are random audit picks, as in the app (0: none). With audits, each
	 * curve also ends with the app's own estimate of the labels saved against random (labels-saved.ts),
	 * printed beside what the random curve measured, if random ran.
	 */
	auditShare: number;
	/**
	 * At most this many candidates for the strategies that compare samples, as the app ranks a big pool
	 * (core/query/candidates.ts); Infinity ranks every unlabelled sample (the exact ranking).
	 */
	candidates: number;
	/**
	 * The row model (rows and notes): the app's default, or the linear model or the MLP for good.
	 * Photos: the app's default (chosen by measurement, starting on the built-in backbone:
	 * core/session/model-choice.ts), the built-in backbone for good (`pretrained`), or the small CNN (`cnn`).
	 */
	model: RowModelChoice | 'cnn' | 'pretrained';
	/** Also run each strategy learning from the unlabelled pool in each of these ways, from the same seeds. */
	semi: PoolLearningId[];
	/** The share of the human's answers given wrong (a random other class), to see that learning from the pool does not run away. */
	noise: number;
	log: (message: string) => void;
}

/** What the human answers for each sample: the truth, but for a share `noise` of them a random other class (seeded). */
function answers(train: readonly Example[], classes: number, noise: number, seed: number): Map<string, number> {
	const random = seededRandom(9000 + seed);
	return new Map(train.map((e) => [e.id, noise > 0 && random() < noise ? (e.label + 1 + Math.floor(random() * (classes - 1))) % classes : e.label]));
}

/** One strategy, one seed: accuracy at each measured label count, and the mean time per query step. */
async function curve(strategyId: string, data: Dataset, classIds: string[], train: Example[], test: Example[], options: AlOptions, seed: number, semi: PoolLearningChoice) {
	const { every, auditShare } = options;
	const max = Math.min(options.max, train.length);
	const firstOfEach = classIds.map((_, c) => train.find((e) => e.label === c)!.id);
	// As the app's samples: a picture holds its 32x32 ink (and its file), whatever the model learns on.
	const samples = train.map((e) => ({ id: e.id, input: data.ink?.get(e.id) ?? e.input, blob: data.blobs?.get(e.id), classId: firstOfEach.includes(e.id) ? classIds[e.label] : undefined }));
	const control = { ...data.settings, frozen: false, poolLearning: semi };
	const measureModel = !!data.backbone && options.model === 'default';
	const session = await ProjectSession.open({ classIds, samples, architecture: data.architecture, backbone: data.backbone, control, measureModel });
	// The held-out examples as the live model takes them: after a move to the pixels, their ink.
	const testNow = () => (session.context.features || !data.ink ? test : test.map((e) => ({ ...e, input: data.ink!.get(e.id)! })));
	const trueLabel = new Map(train.map((e) => [e.id, e.label]));
	const rest = new Map<number, number>();
	const truth = answers(train, classIds.length, options.noise, seed);
	const points = new Map<number, number>();
	const stepMs: number[] = [];
	const audits: AuditRecord[] = [];
	const fromPool: number[] = [];
	let handOver: number | null = null;
	const choices: ModelChoiceCheck[] = [];
	let labels = classIds.length;
	let previous: string[] = [];
	try {
		await session.trainer.learnAll(BULK_EPOCHS, () => false); // the first labels arrive at once, as an import's
		while (labels < max) {
			const started = performance.now();
			// The app re-scores the pool in the background while the human looks at the next sample; the
			// queue then ranks on fresh scores, from a candidate subset when the pool is big.
			await session.scorer.suggest();
			const ranked = await rankPool((work) => work(session), { strategyId, k: 1, auditShare, seed: seed * 100_003 + labels, candidates: options.candidates, previous });
			previous = ranked?.picks.map((p) => p.id) ?? [];
			const pick = ranked?.picks[0];
			if (!pick) break;
			const answer = classIds[truth.get(pick.id)!]!;
			if (pick.audit) {
				// As the queue records an audit pick: the live model's guess and the baseline's, before the answer.
				const [live] = await session.scorer.suggest([pick.id]);
				audits.push({ labels, right: live?.ranked[0]?.classId === answer, baselineLabels: pick.baseline!.labels, baselineRight: pick.baseline!.suggested === answer });
			}
			const held = session.pool.get(pick.id)!;
			await session.upsertSamples([{ ...held, classId: answer, audit: pick.audit, updatedAt: labels }]);
			await session.trainer.quickStep(pick.id);
			await session.trainer.refine([pick.id], () => false);
			await session.trainer.practise(() => false); // the idle steps the app takes while the human looks at the next sample
			stepMs.push(performance.now() - started);
			labels++;
			if (labels % every === 0 || BUDGETS.includes(labels) || labels === max) {
				// The human pauses here: the app's idle refit runs (6 s after the learner answered), which
				// makes the model choice's check when one is due.
				if (measureModel) {
					const outcome = await session.trainer.refit(() => false);
					if (outcome.modelChoice) choices.push(outcome.modelChoice);
				}
				points.set(labels, await session.trainer.evaluate(testNow()));
				rest.set(labels, await restAccuracy(session, trueLabel, classIds));
			}
			fromPool.push(session.trainer.fromPool);
		}
		handOver = session.trainer.handOver.last?.labels ?? null;
	} finally {
		session.dispose();
	}
	const moved = choices.find((c) => c.chose === 'pixels');
	return { points, rest, msPerQuery: mean(stepMs), saved: auditShare > 0 ? labelsSaved(audits, labels, classIds.length) : undefined, fromPool: mean(fromPool), handOver, choices, movedToPixels: moved?.labels ?? null };
}

/** What the user sees right after an act: the share of the unlabelled samples whose suggestion names their true class. */
async function restAccuracy(session: ProjectSession, truth: ReadonlyMap<string, number>, classIds: readonly string[]): Promise<number> {
	const shown = await session.scorer.suggest(session.pool.unlabelledIds());
	return mean(shown.map((s) => (s.ranked[0]?.classId === classIds[truth.get(s.sampleId)!] ? 1 : 0)));
}

type Run = Awaited<ReturnType<typeof curve>>;

/** The mean accuracy of some runs at each measured label count. */
function meanCurve(runs: readonly Run[]): [number, number][] {
	return [...runs[0]!.points.keys()].map((n) => [n, mean(runs.map((r) => r.points.get(n) ?? NaN))]);
}

/**
 * The app's estimate of labels saved at the last label count (each seed's, from its audit picks)
 * beside what was measured: how many labels the random curve took to reach this curve's final accuracy.
 */
function savedFigures(runs: readonly Run[], random: readonly Run[] | undefined): Line {
	const estimates = runs.map((r) => r.saved!);
	const [last, accuracy] = meanCurve(runs).at(-1)!;
	const randomCurve = random ? meanCurve(random) : [];
	const reached = randomCurve.find(([, a]) => a >= accuracy);
	return {
		labels_saved_estimate_per_seed: estimates.map((e) => (e.kind === 'estimate' ? { saved: e.saved, low_80: e.low, high_80: e.high, audits: e.audits } : e)),
		labels_saved_estimate_median: round(median(estimates.flatMap((e) => (e.kind === 'estimate' ? [e.saved] : [])))),
		labels_saved_measured: reached ? reached[0] - last : null,
		labels_saved_measured_at_least: !reached && randomCurve.length ? randomCurve.at(-1)![0] - last : null
	};
}

/** The models whose full-data accuracy sets the bar: the CNN for pictures, both row models for rows and notes. */
function referenceModels(data: Dataset): Architecture[] {
	if (data.kind === 'sound') return [data.architecture];
	if (data.kind === 'image') return familyOf(data.architecture); // on a backbone: the linear head and the MLP head
	return familyOf(rowArchitecture({ kind: data.kind, width: data.examples[0]!.input.length }));
}

const median = (xs: number[]) => (xs.length === 0 ? null : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);

export async function al(options: AlOptions): Promise<Line[]> {
	const { log } = options;
	const wallStart = performance.now();
	await useWasm();
	const data = options.files
		? arePhotos(options.files)
			? await loadPhotos(options.files, options.model === 'cnn' ? 'cnn' : 'pretrained', log)
			: loadSounds(options.files, options.log)
		: loadExamples(options.csv, { model: options.model === 'cnn' || options.model === 'pretrained' ? 'default' : options.model, path: options.dataPath });
	const { examples, classes } = data;
	const variants: PoolLearningChoice[] = ['off', ...options.semi];
	const classIds = classes.map((c) => `class-${c}`);
	const testSize = Math.round(examples.length * TEST_FRACTION);
	const lines: Line[] = [];
	const results = new Map<string, Run[]>();
	const references = new Map<string, number[]>();

	for (let seed = 0; seed < options.seeds; seed++) {
		const shuffled = sample(examples, examples.length, seededRandom(2000 + seed));
		const [test, train] = [shuffled.slice(0, testSize), shuffled.slice(testSize)];
		// The reference: the model trained on every training label of this seed's split (as learn-curve's
		// full retrain), averaged over the seeds. For rows and notes, the better of the linear model and
		// the MLP, whichever --model runs: one bar for both.
		log(`al: seed ${seed}: full-data reference on ${train.length} labels…`);
		for (const architecture of referenceModels(data)) {
			const { accuracy } = await retrainFresh(data.classes.length, data.settings, architecture, train, test);
			log(`al: seed ${seed}: full-data accuracy of ${architecture.id}: ${accuracy.toFixed(3)}`);
			references.set(architecture.id, [...(references.get(architecture.id) ?? []), accuracy]);
		}
		for (const strategyId of options.strategies) {
			for (const semi of variants) {
				const result = await curve(strategyId, data, classIds, train, test, options, seed, semi);
				const key = `${strategyId}|${semi}`;
				results.set(key, [...(results.get(key) ?? []), result]);
				log(`al: seed ${seed} ${strategyId} (pool: ${semi}): ${[...result.points].map(([n, a]) => `${n}:${a.toFixed(3)}`).join(' ')} (${result.msPerQuery.toFixed(0)} ms/query${result.handOver ? `, handed over at ${result.handOver}` : ''}${result.choices.length ? `; model checks: ${result.choices.map((c) => `${c.labels}: head ${c.backbone.right} (loss ${c.backbone.loss.toFixed(2)}) vs CNN ${c.pixels.right} (loss ${c.pixels.loss.toFixed(2)}) → ${c.chose}`).join(', ')}` : ''})`);
			}
		}
	}

	const [referenceModel, reference] = [...references].map(([id, accuracies]): [string, number] => [id, mean(accuracies)]).sort((a, b) => b[1] - a[1])[0]!;
	for (const [key, runs] of results) {
		const [strategyId, semi] = key.split('|') as [string, PoolLearningChoice];
		const counts = [...runs[0]!.points.keys()];
		const meanAt = (n: number) => mean(runs.map((r) => r.points.get(n) ?? NaN));
		const labelsTo = (fraction: number) => counts.find((n) => meanAt(n) >= fraction * reference) ?? null;
		lines.push({
			bench: 'al', strategy: strategyId, model: options.model, semi, noise: options.noise, seeds: runs.length, full_data_accuracy: round(reference), reference_model: referenceModel,
			...Object.fromEntries(TARGETS.map((t) => [`labels_to_${Math.round(t * 100)}pct`, labelsTo(t)])),
			...Object.fromEntries(BUDGETS.map((b) => [`accuracy_at_${b}`, round(meanAt(b))])),
			...Object.fromEntries(BUDGETS.map((b) => [`accuracy_std_at_${b}`, round(std(runs.map((r) => r.points.get(b) ?? NaN)))])),
			ms_per_query_mean: Math.round(mean(runs.map((r) => r.msPerQuery))),
			from_pool_mean: Math.round(mean(runs.map((r) => r.fromPool))),
			handed_over_at: runs.map((r) => r.handOver),
			moved_to_pixels_at: runs.map((r) => r.movedToPixels),
			...(options.auditShare > 0 ? savedFigures(runs, results.get(`random|${semi}`)) : {}),
			curve: Object.fromEntries(counts.map((n) => [n, round(meanAt(n), 3)])),
			// What the user sees right after each act: the suggestions on the unlabelled rest of the pool.
			curve_on_rest: Object.fromEntries(counts.map((n) => [n, round(mean(runs.map((r) => r.rest.get(n) ?? NaN)), 3)]))
		});
	}
	lines.push({ bench: 'al', summary: true, data: options.dataPath, kind: data.kind, model: data.architecture.id, examples: examples.length, test_examples: testSize, pool: examples.length - testSize, classes: classes.length, max_labels: options.max, audit_share: options.auditShare, candidates: Number.isFinite(options.candidates) ? options.candidates : 'all', backend: tf.getBackend(), wall_s: Math.round((performance.now() - wallStart) / 1000) });
	return lines;
}
