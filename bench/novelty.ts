// novelty, the part that runs inside Vite's module runner (see bench/ts-runner.mjs): the app's teaching
// loop (teach-loop.ts) on the known classes only, then held-out samples of the known classes and of
// the classes never taught are scored; AUROC of telling them apart, per novelty score, and what the
// default threshold flags of each.
import * as tf from '@tensorflow/tfjs';
import { auroc, DEFAULT_NOVELTY_THRESHOLD, knnNovelty, softmaxNovelty } from '$lib/core/quality/novelty';
import { sample, seededRandom } from '$lib/core/random';
import { mean, round, useWasm, type Line } from './examples';
import { loadData, type PhotoFile } from './photos';
import { TeachLoop } from './teach-loop';

const TEST_FRACTION = 0.3;
const SWEEP = [0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.5];

export interface NoveltyOptions {
	csv: string;
	dataPath: string;
	/** A folder of class folders of photos, read instead of the CSV; learned on the built-in backbone unless `model` is cnn. */
	files?: PhotoFile[];
	model?: 'pretrained' | 'cnn';
	seeds: number;
	/** The classes taught, by name (the CSV's label values). */
	known: string[];
	labels: number;
	log: (message: string) => void;
}

export async function novelty(options: NoveltyOptions): Promise<Line[]> {
	const { log } = options;
	const started = performance.now();
	await useWasm();
	const data = await loadData(options, log, options.model);
	const unknownNames = options.known.filter((k) => !data.classes.includes(k));
	if (unknownNames.length) throw new Error(`--known names classes the data does not have: ${unknownNames.join(', ')} (it has ${data.classes.join(', ')})`);
	const knownIndexes = options.known.map((k) => data.classes.indexOf(k));
	// The taught model's classes are the known ones, in their own order.
	const classIds = options.known.map((k) => `class-${k}`);
	const relabel = new Map(knownIndexes.map((c, i) => [c, i]));
	const runs: { knn: number; embedding: number; softmax: number; flaggedNovel: number; flaggedKnown: number; accuracy: number; sweep: Record<string, [number, number]> }[] = [];
	for (let seed = 0; seed < options.seeds; seed++) {
		const shuffled = sample(data.examples, data.examples.length, seededRandom(4000 + seed));
		const testSize = Math.round(shuffled.length * TEST_FRACTION);
		const [test, train] = [shuffled.slice(0, testSize), shuffled.slice(testSize)];
		const taught = train.filter((e) => relabel.has(e.label)).map((e) => ({ ...e, label: relabel.get(e.label)! }));
		const loop = await TeachLoop.start(data, classIds, taught, seed);
		try {
			while (loop.labels < options.labels && (await loop.next())) {
				/* one more label */
			}
			const scored = await loop.score(test.map((e) => ({ ...e, label: relabel.get(e.label) ?? -1 })));
			const known = scored.filter((s) => s.label >= 0);
			const novel = scored.filter((s) => s.label < 0);
			const reference = loop.session.teaching.reference!;
			const embeddingOnly = (s: (typeof scored)[number]) => knnNovelty(reference.embedding, s.embedding);
			const run = {
				knn: auroc(novel.map((s) => s.novelty), known.map((s) => s.novelty)),
				embedding: auroc(novel.map(embeddingOnly), known.map(embeddingOnly)),
				softmax: auroc(novel.map((s) => softmaxNovelty(s.raw)), known.map((s) => softmaxNovelty(s.raw))),
				flaggedNovel: mean(novel.map((s) => +(s.novelty > DEFAULT_NOVELTY_THRESHOLD))),
				flaggedKnown: mean(known.map((s) => +(s.novelty > DEFAULT_NOVELTY_THRESHOLD))),
				accuracy: mean(known.map((s) => +(s.raw.indexOf(Math.max(...s.raw)) === s.label))),
				// What other thresholds would flag, of the novel and of the known samples: how the default was chosen.
				sweep: Object.fromEntries(SWEEP.map((t): [string, [number, number]] => [t.toFixed(1), [mean(novel.map((s) => +(s.novelty > t))), mean(known.map((s) => +(s.novelty > t)))]]))
			};
			runs.push(run);
			log(`novelty: seed ${seed}, ${loop.labels} labels (reference ${reference.embedding.count}): AUROC knn ${run.knn.toFixed(3)} (embedding alone ${run.embedding.toFixed(3)}) softmax ${run.softmax.toFixed(3)}; flagged novel ${run.flaggedNovel.toFixed(2)} known ${run.flaggedKnown.toFixed(2)}`);
		} finally {
			loop.dispose();
		}
	}
	const avg = (key: Exclude<keyof (typeof runs)[number], 'sweep'>) => round(mean(runs.map((r) => r[key])));
	return [
		{ bench: 'novelty', score: 'knn', default: true, auroc: avg('knn'), auroc_per_seed: runs.map((r) => round(r.knn)) },
		{ bench: 'novelty', score: 'knn-embedding', default: false, auroc: avg('embedding'), auroc_per_seed: runs.map((r) => round(r.embedding)) },
		{ bench: 'novelty', score: 'softmax', default: false, auroc: avg('softmax'), auroc_per_seed: runs.map((r) => round(r.softmax)) },
		{
			bench: 'novelty', summary: true, data: options.dataPath, kind: data.kind, model: data.architecture.id, known: options.known, labels: options.labels, seeds: runs.length,
			known_accuracy: avg('accuracy'),
			flagged_novel_and_known_share_by_threshold: Object.fromEntries(SWEEP.map((t) => [t.toFixed(1), [0, 1].map((side) => round(mean(runs.map((r) => r.sweep[t.toFixed(1)]![side]!))))])),
			threshold: DEFAULT_NOVELTY_THRESHOLD, flagged_novel_share: avg('flaggedNovel'), flagged_known_share: avg('flaggedKnown'),
			backend: tf.getBackend(), wall_s: Math.round((performance.now() - started) / 1000)
		}
	];
}
