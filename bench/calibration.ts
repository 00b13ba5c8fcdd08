// calibration, the part that runs inside Vite's module runner (see bench/ts-runner.mjs): the app's
// teaching loop (teach-loop.ts) from one label per class, and at 10, 20, 50 and 100 labels the held-out
// expected calibration error (10 bins) of the model's raw confidence and of the calibrated confidence
// the app shows, and among held-out suggestions the app would auto-accept (calibrated top class at or
// above the 95% threshold, not novel), the share that is wrong. 30% of the data is held out. The ECE is
// given per seed (averaged) and over every seed's held-out outcomes together (pooled).
import * as tf from '@tensorflow/tfjs';
import { appendFileSync } from 'node:fs';
import { expectedCalibrationError, evidenceWeight, type Outcome } from '$lib/core/quality/calibration';
import { DEFAULT_NOVELTY_THRESHOLD } from '$lib/core/quality/novelty';
import { DEFAULT_ACTIVE_LEARNING } from '$lib/core/settings';
import { topIndex } from '$lib/core/metrics/top-class';
import { sample, seededRandom } from '$lib/core/random';
import { mean, round, useWasm, type Line } from './examples';
import { loadData, type PhotoFile } from './photos';
import { TeachLoop, type Scored } from './teach-loop';

const TEST_FRACTION = 0.3;
export const CHECKPOINTS = [10, 20, 50, 100];

export interface CalibrationOptions {
	csv: string;
	dataPath: string;
	/** A folder of class folders of photos, read instead of the CSV; learned on the built-in backbone unless `model` is cnn. */
	files?: PhotoFile[];
	model?: 'pretrained' | 'cnn';
	seeds: number;
	checkpoints: number[];
	log: (message: string) => void;
}

const outcomes = (scored: readonly Scored[], which: 'raw' | 'calibrated') =>
	scored.map((s) => {
		const top = topIndex(s[which]);
		return { confidence: s[which][top]!, right: top === s.label };
	});

/** What the app would take as the model's label without asking: confident enough, and not unlike what was taught. */
function autoAccepted(scored: readonly Scored[]): Scored[] {
	return scored.filter((s) => s.calibrated[topIndex(s.calibrated)]! >= DEFAULT_ACTIVE_LEARNING.threshold && !(s.novelty > DEFAULT_NOVELTY_THRESHOLD));
}

export async function calibration(options: CalibrationOptions): Promise<Line[]> {
	const { log } = options;
	const started = performance.now();
	await useWasm();
	const data = await loadData(options, log, options.model);
	const classIds = data.classes.map((c) => `class-${c}`);
	const testSize = Math.round(data.examples.length * TEST_FRACTION);
	const rows = new Map<number, Record<string, number[]>>();
	// Every seed's held-out outcomes together: on a small test set (iris: 45) one seed's ECE is mostly the estimator's noise.
	const pooled = new Map<number, { raw: Outcome[]; calibrated: Outcome[] }>();
	const add = (n: number, key: string, value: number) => {
		const row = rows.get(n) ?? {};
		(row[key] ??= []).push(value);
		rows.set(n, row);
	};
	for (let seed = 0; seed < options.seeds; seed++) {
		const shuffled = sample(data.examples, data.examples.length, seededRandom(3000 + seed));
		const [test, train] = [shuffled.slice(0, testSize), shuffled.slice(testSize)];
		const loop = await TeachLoop.start(data, classIds, train, seed);
		try {
			for (const n of options.checkpoints) {
				while (loop.labels < n && (await loop.next())) {
					/* one more label */
				}
				if (loop.labels < n) break;
				const scored = await loop.score(test);
				if (process.env.CALIBRATION_DUMP) dump(process.env.CALIBRATION_DUMP, seed, n, loop, scored);
				const accepted = autoAccepted(scored);
				const wrong = accepted.filter((s) => topIndex(s.calibrated) !== s.label).length;
				const { temperature, fittedOn } = loop.session.teaching.calibration(loop.labels);
				add(n, 'accuracy', mean(scored.map((s) => +(topIndex(s.raw) === s.label))));
				const all = pooled.get(n) ?? { raw: [], calibrated: [] };
				all.raw.push(...outcomes(scored, 'raw'));
				all.calibrated.push(...outcomes(scored, 'calibrated'));
				pooled.set(n, all);
				add(n, 'ece_raw', expectedCalibrationError(outcomes(scored, 'raw')));
				add(n, 'ece_calibrated', expectedCalibrationError(outcomes(scored, 'calibrated')));
				add(n, 'mean_confidence_calibrated', mean(outcomes(scored, 'calibrated').map((o) => o.confidence)));
				add(n, 'auto_accepted_share', accepted.length / scored.length);
				if (accepted.length > 0) add(n, 'wrong_auto_accept_share', wrong / accepted.length);
				add(n, 'auto_accepted', accepted.length);
				add(n, 'auto_accepted_wrong', wrong);
				add(n, 'temperature', temperature);
				add(n, 'fitted_on', fittedOn);
				add(n, 'evidence_weight', evidenceWeight(loop.labels, classIds.length));
				log(`calibration: seed ${seed} at ${n} labels: accuracy ${rows.get(n)!.accuracy!.at(-1)!.toFixed(3)}, ECE raw ${rows.get(n)!.ece_raw!.at(-1)!.toFixed(3)} calibrated ${rows.get(n)!.ece_calibrated!.at(-1)!.toFixed(3)}, T ${temperature.toFixed(2)}, auto-accepted ${accepted.length} (${wrong} wrong)`);
			}
		} finally {
			loop.dispose();
		}
	}
	const lines: Line[] = [...rows].map(([n, row]) => ({
		bench: 'calibration',
		labels: n,
		seeds: row.accuracy!.length,
		...Object.fromEntries(Object.entries(row).map(([key, values]) => [key, round(key.startsWith('auto_accepted') && !key.endsWith('share') ? values.reduce((a, b) => a + b, 0) : mean(values))])),
		ece_raw_pooled: round(expectedCalibrationError(pooled.get(n)!.raw)),
		ece_calibrated_pooled: round(expectedCalibrationError(pooled.get(n)!.calibrated)),
		// Pooled over seeds: wrong auto-accepts of all auto-accepts.
		wrong_auto_accept_share_pooled: round((row.auto_accepted_wrong ?? []).reduce((a, b) => a + b, 0) / Math.max(1, (row.auto_accepted ?? []).reduce((a, b) => a + b, 0)))
	}));
	lines.push({ bench: 'calibration', summary: true, data: options.dataPath, kind: data.kind, model: data.architecture.id, test_examples: testSize, classes: classIds.length, threshold: DEFAULT_ACTIVE_LEARNING.threshold, novelty_threshold: DEFAULT_NOVELTY_THRESHOLD, backend: tf.getBackend(), wall_s: Math.round((performance.now() - started) / 1000) });
	return lines;
}

/** For studying calibration methods offline: the judged labels and the held-out scores at a checkpoint, as JSON lines. */
function dump(file: string, seed: number, n: number, loop: TeachLoop, scored: readonly Scored[]) {
	const judged = loop.session.teaching.history.judged.map((j) => ({ probs: [...j.probs], label: j.classIds.indexOf(j.classId), labels: j.labels, audit: j.audit }));
	appendFileSync(file, JSON.stringify({ seed, n, judged, test: scored.map((s) => ({ probs: [...s.raw], label: s.label })) }) + '\n');
}
