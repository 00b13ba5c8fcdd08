import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileColumns } from '$lib/core/data/column-profile';
import { readCsvText } from '$lib/core/data/csv-table';
import { encodeCells, featureCells, fitSchema, labelOf, suggestChoice } from '$lib/core/data/tabular-schema';
import { rowArchitecture } from '$lib/core/model/row-models';
import { labelsForReview, reviewLabels } from '$lib/core/session/label-review';
import { ProjectSession } from '$lib/core/session/project-session';

const IRIS = ['setosa', 'versicolor', 'virginica'];
/** Labels given wrongly on purpose: a setosa called virginica, a virginica called setosa. */
const FLIPPED = new Map([
	[3, 'virginica'],
	[120, 'setosa']
]);

/** Iris rows encoded as the app encodes a spreadsheet, `labelled` of them labelled (two wrongly). */
function iris(labelled: number) {
	const table = readCsvText(readFileSync(new URL('../../../fixtures/iris.csv', import.meta.url), 'utf8'));
	const schema = fitSchema(table, suggestChoice(profileColumns(table), 'species'));
	const order = table.rows.map((_, i) => i).sort((a, b) => ((a * 37) % 150) - ((b * 37) % 150));
	const chosen = new Set([...FLIPPED.keys(), ...order.filter((i) => !FLIPPED.has(i)).slice(0, labelled - FLIPPED.size)]);
	return table.rows.map((row, i) => {
		const cells = featureCells(table, schema, row);
		const classId = chosen.has(i) ? (FLIPPED.get(i) ?? labelOf(table, schema, row)!) : undefined;
		return { id: `i${i}`, cells, input: encodeCells(schema, cells), classId };
	});
}

const open = (labelled: number) => ProjectSession.open({ classIds: IRIS, samples: iris(labelled), architecture: rowArchitecture({ kind: 'tabular', width: 4 }) });

describe('reviewLabels', () => {
	beforeAll(async () => {
		await tf.setBackend('wasm');
	});

	it('lists the labels given wrongly, with the class the model gives out of sample, and leaks no tensor', async () => {
		const sut = await open(90);
		const before = tf.memory().numTensors;

		const review = await reviewLabels(sut, () => false);

		expect(tf.memory().numTensors).toBe(before);
		if (review?.kind !== 'done') throw new Error(`no review: ${JSON.stringify(review)}`);
		expect(review.checked).toBe(90);
		const found = new Map(review.findings.map((f) => [f.sampleId, f]));
		expect(found.get('i3')).toMatchObject({ given: 'virginica', suggested: 'setosa' });
		expect(found.get('i120')).toMatchObject({ given: 'setosa', suggested: 'virginica' });
		expect(found.get('i3')!.suggestedP).toBeGreaterThan(0.5);
		expect(review.findings.length).toBeLessThan(10); // a short list, not every label
		sut.dispose();
	});

	it('says how many more labels it needs, never an error', async () => {
		const sut = await open(8);

		expect(await reviewLabels(sut, () => false)).toEqual({ kind: 'needs', more: labelsForReview(3) - 8 });
		sut.dispose();
	});

	it('gives way when the human acts', async () => {
		const sut = await open(60);
		const before = tf.memory().numTensors;

		expect(await reviewLabels(sut, () => true)).toBeNull();
		expect(tf.memory().numTensors).toBe(before);
		sut.dispose();
	});
});
