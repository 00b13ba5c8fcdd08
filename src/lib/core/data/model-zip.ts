import { strToU8, zipSync } from 'fflate';
import { INPUT_SIDE } from '../model/input-size';
import type { LabelClass, ModelArtifactsData, StoredEvent } from '../types';

/**
 * A trained image model as TensorFlow.js layers-model files (model.json + weights.bin), loadable with
 * tf.loadLayersModel, plus a Teachable-Machine-style metadata.json saying what the outputs mean and
 * how to prepare an image, so the model can be used outside Attune.
 */

export interface ModelExport {
	modelName: string;
	version: number;
	artifacts: ModelArtifactsData;
	/** Class names in the model's output order. */
	labels: string[];
	tfjsVersion: string;
	appVersion: string;
	/** ISO 8601. */
	exportedAt: string;
	accuracy?: number;
	heldOut?: number;
	/** How Attune calibrates the model's probabilities into the confidence it shows (core/quality/calibration.ts). */
	calibration?: { temperature: number; labels: number };
	/** How to prepare an input; unset: a picture's (IMAGE_CNN_INPUT). A sound project's is SOUND_CNN_INPUT. */
	input?: { readonly shape: readonly (number | null)[]; readonly description: string };
}

/** What the from-scratch image CNN takes, exactly as Attune prepares it (core/data/image-file.ts, worker/image-intake.ts). */
export const IMAGE_CNN_INPUT = {
	shape: [null, INPUT_SIDE, INPUT_SIDE, 1],
	dtype: 'float32',
	range: [0, 1],
	description:
		`One ${INPUT_SIDE}x${INPUT_SIDE} grayscale channel of ink intensity from 0 to 1. Take the largest centred square of the image ` +
		`(crop, do not squash) and scale it to ${INPUT_SIDE}x${INPUT_SIDE} pixels (Attune halves it step by step with smoothing, so thin strokes survive). ` +
		`Composite transparent pixels over white. Each value is (255 - round(0.299 R + 0.587 G + 0.114 B)) / 255 with R, G, B in 0..255: ` +
		'dark ink on white is near 1, a white or transparent background is 0. Shape [batch, height, width, 1], rows top to bottom.',
	output: 'Softmax probabilities, one per class, in the order of "labels".'
} as const;

/** How to turn the exported model's probabilities into the confidence Attune showed. */
export const CALIBRATION_DESCRIPTION =
	'Attune shows calibrated confidence: q_i = p_i^(1/temperature) / sum_j p_j^(1/temperature), then w * q_i + (1 - w) / classes ' +
	'with w = labels / (labels + max(0.5, classes / 4)): a temperature fitted on labels checked before the model learned them, and a shrinkage towards even odds that fades as labels accumulate.';

/**
 * Each output's class name. A class deleted since the model was saved keeps the name the log last
 * gave it; the id stands in if the log never named it.
 */
export function labelNames(classIds: readonly string[], classes: readonly LabelClass[], events: readonly StoredEvent[]): string[] {
	const names = new Map<string, string>();
	for (const e of events) {
		if (e.type === 'class.add' || e.type === 'class.delete') names.set(e.classId, e.name);
		if (e.type === 'class.rename') names.set(e.classId, e.to);
	}
	for (const c of classes) names.set(c.id, c.name);
	return classIds.map((id) => names.get(id) ?? id);
}

export function buildModelZip(m: ModelExport): Uint8Array {
	const modelJson = {
		format: 'layers-model',
		generatedBy: `TensorFlow.js tfjs-layers v${m.tfjsVersion}`,
		convertedBy: null,
		modelTopology: m.artifacts.modelTopology,
		weightsManifest: [{ paths: ['weights.bin'], weights: m.artifacts.weightSpecs }]
	};
	const metadata = {
		tfjsVersion: m.tfjsVersion,
		packageName: 'attune',
		packageVersion: m.appVersion,
		timeStamp: m.exportedAt,
		modelName: m.modelName,
		labels: m.labels,
		imageSize: INPUT_SIDE,
		userMetadata: {
			input: m.input ?? IMAGE_CNN_INPUT,
			modelVersion: m.version,
			...(m.accuracy !== undefined ? { heldOutAccuracy: m.accuracy, heldOutLabels: m.heldOut } : {}),
			...(m.calibration ? { calibration: { ...m.calibration, description: CALIBRATION_DESCRIPTION } } : {})
		}
	};
	return zipSync({
		'model.json': strToU8(JSON.stringify(modelJson)),
		'weights.bin': [new Uint8Array(m.artifacts.weightData), { level: 0 }],
		'metadata.json': strToU8(JSON.stringify(metadata, null, 2))
	});
}
