import * as tf from '@tensorflow/tfjs';
import { layersClassifier } from '$lib/core/explain/explainer';
import { explainerById } from '$lib/core/explain/registry';
import { DEFAULT_ROW_EXPLAINER, ROW_EXPLAINERS } from '$lib/core/explain/catalogue';
import { tabularMlp, textMlp, type Architecture } from '$lib/core/model/architecture';
import type { RowModel } from './protocol';


/**
 * How much each value of a feature vector (an encoded spreadsheet row, or a note's hashed n-grams)
 * mattered to `classIndex`, one non-negative value per feature. Methods that need a conv net fall back
 * to gradient × input, so a row is always explained.
 */
export async function explainRow(network: tf.LayersModel, architecture: Architecture, input: Float32Array, classIndex: number, method: string): Promise<Float32Array> {
	const explainer = explainerById(ROW_EXPLAINERS.includes(method) ? method : DEFAULT_ROW_EXPLAINER);
	const batch = architecture.batch([input]);
	try {
		return await explainer.explain(layersClassifier(network), batch, classIndex, { seed: 1 });
	} finally {
		batch.dispose();
	}
}

/** The network for a spreadsheet's encoded rows or for notes' hashed n-grams. */
export function rowArchitecture(rows: RowModel): Architecture {
	return rows.kind === 'tabular' ? tabularMlp(rows.width) : textMlp(rows.width);
}
