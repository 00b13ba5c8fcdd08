import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileColumns } from '$lib/core/data/column-profile';
import { readCsvText } from '$lib/core/data/csv-table';
import { encodeCells, featureCells, fitSchema, labelOf, suggestChoice } from '$lib/core/data/tabular-schema';
import { tabularMlp } from '$lib/core/model/architecture';
import { rankPool } from '$lib/worker/ranking';
import { ProjectSession } from '$lib/worker/session';

const CLASSES = ['setosa', 'versicolor', 'virginica'];

/** Iris rows encoded as the app encodes a spreadsheet; every other row labelled. */
function irisSamples() {
	const table = readCsvText(readFileSync(new URL('../fixtures/iris.csv', import.meta.url), 'utf8'));
	const schema = fitSchema(table, suggestChoice(profileColumns(table), 'species'));
	const samples = table.rows.map((row, i) => {
		const truth = labelOf(table, schema, row)!;
		return { id: `i${i}`, input: encodeCells(schema, featureCells(table, schema, row)), classId: i % 2 === 0 ? truth : undefined, truth };
	});
	return { width: schema.width, samples };
}

describe('a session on spreadsheet rows (the tabular MLP)', () => {
	beforeAll(async () => {
		await tf.setBackend('wasm');
	});

	it('learns iris from half the rows, ranks the rest, and leaks no tensor', async () => {
		const before = tf.memory().numTensors;
		const { width, samples } = irisSamples();
		const sut = await ProjectSession.open(CLASSES, samples.map(({ truth: _, ...s }) => s), undefined, undefined, tabularMlp(width));

		await sut.learnAll(30, () => false);
		const suggestions = await sut.suggest(samples.filter((s) => !s.classId).map((s) => s.id));
		const right = suggestions.filter((s) => s.ranked[0]!.classId === samples.find((x) => x.id === s.sampleId)!.truth).length;
		const ranked = await rankPool((work) => work(sut), { strategyId: 'margin', k: 5, auditShare: 0, seed: 1 }, () => 0);

		expect(right / suggestions.length).toBeGreaterThan(0.85);
		expect(ranked?.picks).toHaveLength(5);
		expect(await sut.explain('i1', 'vanilla-gradient')).toHaveLength(width); // a row is explained one value per feature
		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});
