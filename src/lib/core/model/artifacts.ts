import * as tf from '@tensorflow/tfjs';
import type { ModelArtifactsData } from '../types';

/**
 * Weights go into the app's own database (through these plain artifacts), never tfjs's separate
 * `indexeddb://` store, so a project's model travels with its samples in one transaction and one export.
 */
export async function toArtifacts(model: tf.LayersModel): Promise<ModelArtifactsData> {
	let saved: ModelArtifactsData | undefined;
	await model.save(
		tf.io.withSaveHandler(async (artifacts) => {
			const data = artifacts.weightData;
			const weightData = data instanceof ArrayBuffer ? data : tf.io.concatenateArrayBuffers(data ?? []);
			saved = {
				modelTopology: artifacts.modelTopology,
				weightSpecs: (artifacts.weightSpecs ?? []).map((s) => ({ name: s.name, shape: [...s.shape], dtype: s.dtype })),
				weightData
			};
			return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
		})
	);
	if (!saved) throw new Error('the model produced no artifacts');
	return saved;
}

export async function fromArtifacts(data: ModelArtifactsData): Promise<tf.LayersModel> {
	return tf.loadLayersModel(
		tf.io.fromMemory({
			modelTopology: data.modelTopology as tf.io.ModelArtifacts['modelTopology'],
			weightSpecs: data.weightSpecs as tf.io.WeightsManifestEntry[],
			weightData: data.weightData
		})
	);
}
