import type * as tf from '@tensorflow/tfjs';
import type { Architecture } from '../model/architecture';
import { DEFAULT_ROW_EXPLAINER, ROW_EXPLAINERS } from './catalogue';
import { layersClassifier } from './explainer';
import { explainerById } from './registry';

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
