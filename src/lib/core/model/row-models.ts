import * as tf from '@tensorflow/tfjs';
import { featureHead, poseMlp, tabularMlp, textMlp, type Architecture } from './architecture';
import { featureBatch } from './feature-batch';

/** What a spreadsheet's encoded rows or notes' hashed n-grams are: `width` values per sample. */
export interface RowShape {
	kind: 'tabular' | 'text' | 'pose';
	width: number;
}

/**
 * Lambda of the linear model's L2 term on its weights, per example it trains on (the learner divides
 * it by their number): scikit-learn's LogisticRegression with C = 10 (a penalty of |w|²/2C over the
 * dataset). Without it, a softmax regression on a handful of labels puts all its weight on whichever
 * column split them first. On iris (20 random splits, numpy, full-batch fits) C = 1 gave 0.827 test
 * accuracy at 12 labels, C = 10 0.896, C = 100 0.879; at 40 labels 0.927, 0.948 and 0.943.
 */
export const LINEAR_DECAY = 0.05;

/**
 * The picture head's weight decay (as LINEAR_DECAY: scikit-learn's C = 0.025). On 1,280 features
 * of a pretrained backbone a handful of labels is always separable, and with LINEAR_DECAY the head
 * was sure of everything: on cifar10-train-100 (3 random splits of 30% held out, numpy fits), at
 * 100 labels it auto-accepted 22% of the held-out photos at 95% and 29% of those were wrong; the
 * app's calibration bench (its teaching loop) saw 26 wrong of 81 auto-accepted. Decay 20 gave a raw
 * ECE of 0.08 / 0.09 / 0.07 / 0.09 at 10 / 20 / 50 / 100 labels (against 0.19 / 0.31 / 0.27 / 0.25)
 * for an accuracy of 0.481 at 100 labels (0.492), and no wrong auto-accept; 50 lost 3 points.
 */
export const PICTURE_HEAD_DECAY = 20;

/**
 * Labels at which the linear model hands over to the MLP: chosen with the al bench (README, "Learning
 * from few labels"), where the MLP's curve caught up with the linear model's.
 */
export const HANDOVER_LABELS = 40;

/** What a row's values are, as the model's description says. */
const ROW_VALUES: Record<RowShape['kind'], string> = {
	tabular: 'column values',
	text: 'hashed word and character n-grams',
	pose: 'joint positions (centred on the hips, in torsos) and visibilities'
};

/**
 * Softmax regression on the row's values, with weight decay: from one label per class it draws the
 * widest boundary the labels allow, where an MLP still fits noise. Its "penultimate layer" is an
 * identity, so the likeness of two rows (neighbours, novelty) is measured on their values themselves.
 */
export function linearModel(width: number, of: string): Architecture {
	return {
		id: `linear-${width}`,
		name: 'Linear model (softmax regression with weight decay)',
		layers: (classes) => `${width} ${of} → ${classes} classes, one weight per value and class`,
		weightDecay: LINEAR_DECAY,
		convex: true,
		build: (classes, seed) =>
			tf.sequential({
				name: 'linear_model',
				layers: [
					tf.layers.activation({ inputShape: [width], activation: 'linear' }),
					tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed }) })
				]
			}),
		batch: (inputs) => featureBatch(inputs, width)
	};
}

/**
 * The model a spreadsheet or notes project starts with: the linear model, handing over to the small
 * MLP at HANDOVER_LABELS labels (core/session/hand-over.ts). `only` picks one of them for good (the
 * al bench's --model).
 */
export function rowArchitecture(rows: RowShape, only?: 'linear' | 'mlp'): Architecture {
	// A body's keypoints are not standardised: each is explained as it differs from the mean body.
	const fromMean = rows.kind === 'pose' ? { explainFrom: 'mean' as const } : {};
	const mlp = { ...(rows.kind === 'text' ? textMlp(rows.width) : rows.kind === 'pose' ? poseMlp(rows.width) : tabularMlp(rows.width)), ...fromMean };
	if (only === 'mlp') return mlp;
	const linear = { ...linearModel(rows.width, ROW_VALUES[rows.kind]), ...fromMean };
	return only === 'linear' ? linear : { ...linear, handOver: { to: mlp, atLabels: HANDOVER_LABELS } };
}

/**
 * The head a picture project learns on a pretrained backbone's features (`width` per picture): the
 * same few-label model as rows, a softmax regression with weight decay, solved after every act,
 * handing over to the small MLP head when cross-validation on the labels says it answers more of
 * them rightly (core/session/hand-over.ts).
 */
export function pictureHead(width: number, backboneName: string): Architecture {
	const linear = linearModel(width, `features of ${backboneName}`);
	const mlp = { ...featureHead(width), name: `Small neural network on ${backboneName}’s features` };
	return { ...linear, id: `picture-linear-${width}`, name: `Linear model on ${backboneName}’s features`, weightDecay: PICTURE_HEAD_DECAY, handOver: { to: mlp, atLabels: HANDOVER_LABELS } };
}

/** An architecture and the one it hands over to, if any: every network a project's saved versions can be. */
export function familyOf(architecture: Architecture): Architecture[] {
	return architecture.handOver ? [architecture, architecture.handOver.to] : [architecture];
}
