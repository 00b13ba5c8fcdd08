// slices, the part that runs inside Vite's module runner (see bench/ts-runner.mjs): the app's teaching
// loop (teach-loop.ts) on a CSV with a slice column (bench/make-sliced.mjs makes one, with one slice
// made harder), then each slice's accuracy on the labels the model was judged on before learning them,
// with the flag of core/quality/slices.ts, as the Slices panel shows it. The slice column is not a
// feature: it is taken out before the rest is read as the benchmark contract says.
import * as tf from '@tensorflow/tfjs';
import { readCsvText } from '$lib/core/data/csv-table';
import { sliceReport } from '$lib/core/quality/slices';
import { sample, seededRandom } from '$lib/core/random';
import { loadExamples, round, useWasm, type Line } from './examples';
import { TeachLoop } from './teach-loop';

export interface SlicesOptions {
	csv: string;
	dataPath: string;
	slice: string;
	/** The slice made harder, if known: the summary says whether the flag fired on it and on no other. */
	hard?: string;
	labels: number;
	seeds: number;
	log: (message: string) => void;
}

/** The CSV without the slice column, and each row's slice. */
function splitSlice(csv: string, column: string): { rest: string; slices: string[] } {
	const table = readCsvText(csv);
	const at = table.header.indexOf(column);
	if (at < 0) throw new Error(`--slice ${column}: no such column (the columns are ${table.header.join(', ')})`);
	const keep = (cells: readonly string[]) => cells.filter((_, i) => i !== at).join(',');
	return { rest: [keep(table.header), ...table.rows.map(keep)].join('\n') + '\n', slices: table.rows.map((r) => `${column}: ${r[at]}`) };
}

export async function slices(options: SlicesOptions): Promise<Line[]> {
	const { log } = options;
	const started = performance.now();
	await useWasm();
	const { rest, slices: sliceOfRow } = splitSlice(options.csv, options.slice);
	const data = loadExamples(rest);
	const sliceOf = new Map(data.examples.map((e, i) => [e.id, sliceOfRow[i]!]));
	const classIds = data.classes.map((c) => `class-${c}`);
	const hard = options.hard && `${options.slice}: ${options.hard}`;
	const lines: Line[] = [];
	const summary = { seeds: 0, flaggedHard: 0, falseFlags: 0 };
	for (let seed = 0; seed < options.seeds; seed++) {
		const train = sample(data.examples, data.examples.length, seededRandom(7000 + seed));
		const loop = await TeachLoop.start(data, classIds, train, seed);
		try {
			while (loop.labels < options.labels && (await loop.next())) if (loop.labels % 25 === 0) log(`slices: seed ${seed}: ${loop.labels} labels`);
			const judged = loop.session.teaching.history.judged;
			const report = sliceReport(judged.map((j) => ({ slices: [sliceOf.get(j.sampleId)!], right: j.right })));
			for (const s of report)
				lines.push({ bench: 'slices', seed, slice: s.slice, judged: s.n, accuracy: round(s.accuracy?.estimate ?? null), low: round(s.accuracy?.low ?? null), high: round(s.accuracy?.high ?? null), rest_accuracy: round(s.rest.n ? s.rest.right / s.rest.n : null), p_holm: round(s.p), flagged: s.flagged });
			summary.seeds++;
			if (hard && report.some((s) => s.slice === hard && s.flagged)) summary.flaggedHard++;
			summary.falseFlags += report.filter((s) => s.flagged && s.slice !== hard).length;
		} finally {
			loop.dispose();
		}
	}
	lines.push({ bench: 'slices', data: options.dataPath, slice_column: options.slice, hard_slice: hard ?? null, labels: options.labels, seeds: summary.seeds, flag_fired_on_hard: hard ? `${summary.flaggedHard} of ${summary.seeds}` : null, false_flags: summary.falseFlags, backend: tf.getBackend(), wall_s: Math.round((performance.now() - started) / 1000) });
	return lines;
}
