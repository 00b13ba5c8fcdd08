import { readFileSync } from 'node:fs';
import { profileColumns } from '$lib/core/data/column-profile';
import { readCsvText } from '$lib/core/data/csv-table';
import { encodeCells, featureCells, fitSchema, labelOf, suggestChoice, type TabularSchema } from '$lib/core/data/tabular-schema';

export const IRIS = ['setosa', 'versicolor', 'virginica'];

export interface IrisSample {
	id: string;
	input: Float32Array;
	classId?: string;
	/** The species the row really is. */
	truth: string;
}

/** The iris rows encoded as the app encodes a spreadsheet; `labelled(i)` says which carry their species as a label. */
export function irisRows(labelled: (i: number) => boolean): { schema: TabularSchema; samples: IrisSample[] } {
	const table = readCsvText(readFileSync(new URL('../../fixtures/iris.csv', import.meta.url), 'utf8'));
	const schema = fitSchema(table, suggestChoice(profileColumns(table), 'species'));
	const samples = table.rows.map((row, i) => {
		const truth = labelOf(table, schema, row)!;
		return { id: `i${i}`, input: encodeCells(schema, featureCells(table, schema, row)), truth, ...(labelled(i) ? { classId: truth } : {}) };
	});
	return { schema, samples };
}

/** The samples as a session takes them (without the truth). */
export const sessionSamples = (samples: readonly IrisSample[]) => samples.map(({ truth: _, ...s }) => s);
