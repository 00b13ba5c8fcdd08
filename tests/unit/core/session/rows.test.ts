import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileColumns } from '$lib/core/data/column-profile';
import { readCsvText } from '$lib/core/data/csv-table';
import { encodeCells, featureCells, fitSchema, labelOf, suggestChoice } from '$lib/core/data/tabular-schema';
import { tabularMlp } from '$lib/core/model/architecture';
import { rowArchitecture } from '$lib/core/model/row-models';
import { hashText, TEXT_WIDTH, tokenScores } from '$lib/core/model/text-hashing';
import { rankPool } from '$lib/core/query/rank-pool';
import { ProjectSession } from '$lib/core/session/project-session';

const NOTES = [
	['fox by the river at dawn', 'wildlife'],
	['deer grazing near the river', 'wildlife'],
	['pump fuse blown again', 'equipment'],
	['generator pump pressure low', 'equipment'],
	['heron fishing by the river', null],
	['replaced the pump fuse', null]
] as const;

const IRIS = ['setosa', 'versicolor', 'virginica'];

/** Iris rows encoded as the app encodes a spreadsheet; every other row labelled. */
function irisSamples() {
	const table = readCsvText(readFileSync(new URL('../../../fixtures/iris.csv', import.meta.url), 'utf8'));
	const schema = fitSchema(table, suggestChoice(profileColumns(table), 'species'));
	const samples = table.rows.map((row, i) => {
		const truth = labelOf(table, schema, row)!;
		return { id: `i${i}`, cells: featureCells(table, schema, row), input: encodeCells(schema, featureCells(table, schema, row)), classId: i % 2 === 0 ? truth : undefined, truth };
	});
	return { schema, samples };
}

describe('a session on rows and notes (the MLPs)', () => {
	beforeAll(async () => {
		await tf.setBackend('wasm');
	});

	it('explains a note one value per feature, which shades its words, predicts rows that are not samples, and leaks no tensor', async () => {
		const before = tf.memory().numTensors;
		const samples = NOTES.map(([text, label], i) => ({ id: `n${i}`, input: hashText(text), classId: label ?? undefined }));
		const sut = await ProjectSession.open({ classIds: ['wildlife', 'equipment'], samples, architecture: rowArchitecture({ kind: 'text', width: TEXT_WIDTH }) });
		await sut.trainer.learnAll(20, () => false);

		const [heron, fuse] = await sut.scorer.suggest(['n4', 'n5']);
		const map = await sut.explanations.explain('n5', 'gradient-input');
		const scores = tokenScores(NOTES[5][0], map!);
		const [probs] = await sut.explanations.predictRows([hashText('a fox and a heron by the river')]);

		expect([heron!.ranked[0]!.classId, fuse!.ranked[0]!.classId]).toEqual(['wildlife', 'equipment']);
		expect(map).toHaveLength(TEXT_WIDTH);
		expect(scores.map((s) => NOTES[5][0].slice(s.start, s.end))).toEqual(['replaced', 'the', 'pump', 'fuse']);
		expect(Math.max(scores[2]!.score, scores[3]!.score)).toBeGreaterThan(scores[1]!.score); // "pump"/"fuse" over "the"
		expect(probs![0]!).toBeGreaterThan(probs![1]!);
		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('learns iris from half the rows, ranks the rest, finds what would change a row’s class, and leaks no tensor', async () => {
		const before = tf.memory().numTensors;
		const { schema, samples } = irisSamples();
		const sut = await ProjectSession.open({ classIds: IRIS, samples: samples.map(({ truth: _, cells: __, ...s }) => s), architecture: tabularMlp(schema.width) });

		await sut.trainer.learnAll(30, () => false);
		const suggestions = await sut.scorer.suggest(samples.filter((s) => !s.classId).map((s) => s.id));
		const right = suggestions.filter((s) => s.ranked[0]!.classId === samples.find((x) => x.id === s.sampleId)!.truth).length;
		const ranked = await rankPool((work) => work(sut), { strategyId: 'margin', k: 5, auditShare: 0, seed: 1 });
		const setosa = samples.find((s) => s.truth === 'setosa')!;
		const change = await sut.explanations.rowCounterfactual(schema, setosa.cells, 'virginica');
		const [changedTop] = topOf(await sut.explanations.predictRows([encodeCells(schema, applied(setosa.cells, schema, change!.changes))]));

		expect(right / suggestions.length).toBeGreaterThan(0.85);
		expect(ranked?.picks).toHaveLength(5);
		expect(await sut.explanations.explain('i1', 'vanilla-gradient')).toHaveLength(schema.width); // a row is explained one value per feature
		expect(change!.changes.length).toBeGreaterThan(0);
		expect(change!.changes.length).toBeLessThanOrEqual(2);
		expect(changedTop).toBe(IRIS.indexOf('virginica')); // the change found does make it virginica
		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});

/** Each output's most probable class index. */
function topOf(outputs: Float32Array[]): number[] {
	return outputs.map((o) => o.indexOf(Math.max(...o)));
}

/** The cells with a counterfactual's changes made. */
function applied(cells: readonly string[], schema: ReturnType<typeof fitSchema>, changes: { column: string; to: string }[]): string[] {
	const out = [...cells];
	for (const c of changes) out[schema.columns.findIndex((col) => col.name === c.column)] = c.to;
	return out;
}
