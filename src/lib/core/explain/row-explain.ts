import * as tf from '@tensorflow/tfjs';
import type { Architecture } from '../model/architecture';
import { DEFAULT_ROW_EXPLAINER, ROW_EXPLAINERS } from './catalogue';
import { layersClassifier, type Classifier } from './explainer';
import { explainerById } from './registry';

/**
 * How much each value of a feature vector (an encoded spreadsheet row, or a note's hashed n-grams)
 * mattered to `classIndex`, one non-negative value per feature. Methods that need a conv net fall back
 * to gradient × input, so a row is always explained.
 *
 * With a `reference` row, the row is explained as it differs from it: the explainer sees the row minus
 * the reference, and a model that adds the reference back. So gradient × input credits each value by
 * how far it is from the reference, and occlusion puts it back to the reference's.
 */
export async function explainRow(network: tf.LayersModel, architecture: Architecture, input: Float32Array, classIndex: number, method: string, reference?: Float32Array): Promise<Float32Array> {
	const explainer = explainerById(ROW_EXPLAINERS.includes(method) ? method : DEFAULT_ROW_EXPLAINER);
	const model = layersClassifier(network);
	if (!reference) {
		const batch = architecture.batch([input]);
		try {
			return await explainer.explain(model, batch, classIndex, { seed: 1 });
		} finally {
			batch.dispose();
		}
	}
	const [batch, offset] = [architecture.batch([input.map((v, i) => v - reference[i]!)]), tf.tensor2d(reference, [1, reference.length])];
	try {
		const shifted: Classifier = (x) => model(x.add(offset));
		return await explainer.explain(shifted, batch, classIndex, { seed: 1 });
	} finally {
		tf.dispose([batch, offset]);
	}
}
