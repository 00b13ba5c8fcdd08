import * as tf from '@tensorflow/tfjs';
import type { TabularSchema } from '../data/tabular-schema';
import { layersClassifier, type Classifier } from '../explain/explainer';
import { randomisedCopy } from '../explain/randomisation';
import { explainerById } from '../explain/registry';
import { explainRow } from '../explain/row-explain';
import { DEFAULT_ROW_EXPLAINER } from '../explain/catalogue';
import { poseCounterfactual, type PoseCounterfactual } from '../pose/counterfactual';
import { normalisePose, perJoint, type PoseFrame } from '../pose/normalise';
import { tabularCounterfactual, type TabularCounterfactual } from '../explain/tabular-counterfactual';
import { toGrid } from '../explain/to-grid';
import { counterfactualImage, trustReport } from '../explain/trust-report';
import { topClasses } from '../metrics/top-class';
import { INPUT_SIDE } from '../model/input-size';
import type { ModelContext } from './context';
import type { SamplePool } from './pool';
import { SUGGESTED_CLASSES, type Scorer } from './scorer';
import type { CounterfactualResult, LiveResult, TrustReport } from './types';

type Picture = Uint8Array | Blob | ImageBitmap;

/**
 * Why the model says what it says: saliency maps (or, for a row or a note, one value per feature),
 * the trust checks of a map, counterfactuals, and live mode's suggestion for an input that is not a
 * sample. A picture is explained from its 32x32 input for the CNN, or from the decoded image through
 * the imported extractor for a head, so the map is always of the pixels.
 */
export class Explanations {
	private mean: { size: number; row: Float32Array } | null = null;

	constructor(
		private readonly context: ModelContext,
		private readonly pool: SamplePool,
		private readonly scorer: Scorer
	) {}

	/**
	 * A saliency map (INPUT_SIDE² values, 0..1) for the sample's top suggestion; for a spreadsheet row
	 * or a note, one value per feature of its vector instead (the page maps them to columns or words).
	 */
	async explain(sampleId: string, method: string): Promise<Float32Array | null> {
		const sample = this.pool.get(sampleId);
		const target = await this.topClass(sampleId);
		if (target < 0) return null;
		if (this.context.seesPixels && sample?.input instanceof Float32Array) {
			return explainRow(this.context.learner.network, this.context.architecture, sample.input, target, method, this.reference());
		}
		const picture = this.pictureOf(sampleId);
		return picture ? this.withInput(picture, ({ tensor, model }) => this.saliency(tensor, model, target, method)) : null;
	}

	/** The trust checks of the sample's explanation: against random weights, and deletion/insertion against random orders. */
	async trust(sampleId: string, method: string): Promise<TrustReport | null> {
		const target = await this.topClass(sampleId);
		const picture = this.pictureOf(sampleId);
		if (target < 0 || !picture) return null;
		return this.withInput(picture, async ({ tensor, model }) => {
			const copy = await randomisedCopy(this.context.learner.network, 1);
			try {
				return await trustReport(explainerById(method), model, this.classifier(copy, !(picture instanceof Uint8Array)), tensor, target);
			} finally {
				copy.dispose();
			}
		});
	}

	/** What would make the from-scratch CNN give `classId` for the sample; null for other models. */
	async counterfactual(sampleId: string, classId: string): Promise<CounterfactualResult | null> {
		const input = this.pool.get(sampleId)?.input;
		const classIndex = this.context.classIndex(classId);
		if (!this.context.seesPixels || !(input instanceof Uint8Array) || classIndex < 0) return null;
		return this.withInput(input, ({ tensor, model }) => counterfactualImage(model, tensor, classIndex));
	}

	/** For a spreadsheet row (its cells in the schema's order): the smallest change of one or two values that makes the model say `classId`. */
	rowCounterfactual(schema: TabularSchema, cells: readonly string[], classId: string): Promise<TabularCounterfactual | null> {
		return tabularCounterfactual(schema, cells, this.context.classIndex(classId), (inputs) => this.predictRows(inputs));
	}

	/** For a body: the smallest move of one or two joints that makes the model say `classId`. */
	poseCounterfactual(frame: PoseFrame, mirror: boolean, classId: string): Promise<PoseCounterfactual | null> {
		const target = this.context.classIndex(classId);
		return target < 0 ? Promise.resolve(null) : poseCounterfactual(frame, target, mirror, (rows) => this.predictRows(rows));
	}

	/** Live mode for a body from the camera: its suggestion, and each joint's attribution to it (the saliency, one value per joint). */
	async classifyPose(frame: PoseFrame, mirror: boolean): Promise<LiveResult | null> {
		const { classIds, learner, architecture } = this.context;
		const row = normalisePose(frame, { mirror });
		const [probs] = await this.predictRows([row]);
		if (!probs) return null;
		const ranked = topClasses(probs, classIds, SUGGESTED_CLASSES);
		const attribution = await explainRow(learner.network, architecture, row, classIds.indexOf(ranked[0]!.classId), DEFAULT_ROW_EXPLAINER, this.reference());
		return { ranked, saliency: perJoint(attribution) };
	}

	/** Class probabilities (in class order) for feature rows that are not samples: a counterfactual's candidates. */
	async predictRows(inputs: readonly Float32Array[]): Promise<Float32Array[]> {
		const { features, classIds, learner } = this.context;
		if (features || classIds.length < 2) return [];
		const probs = await learner.predict(inputs);
		const outputs = probs.length / Math.max(1, inputs.length);
		return inputs.map((_, i) => probs.slice(i * outputs, i * outputs + classIds.length));
	}

	/**
	 * Live mode: what the model makes of an input that is not (yet) a sample: its 32x32 input and, for
	 * a model on an extractor, the frame itself.
	 */
	async classify(input: Uint8Array, explain: boolean, frame?: ImageBitmap): Promise<LiveResult | null> {
		const { classIds, features } = this.context;
		if (classIds.length < 2 || (features && !frame)) return null;
		return this.withInput(frame ?? input, async ({ tensor, model }) => {
			const out = tf.tidy(() => model(tensor));
			const probs = await out.data();
			out.dispose();
			const ranked = topClasses(probs, classIds, SUGGESTED_CLASSES);
			return { ranked, saliency: explain ? await this.saliency(tensor, model, classIds.indexOf(ranked[0]!.classId), 'vanilla-gradient') : null };
		});
	}

	/**
	 * The row a model that asks for it (`explainFrom: 'mean'`: a body's keypoints) is explained against:
	 * the mean of the project's rows, kept until the pool changes size.
	 */
	private reference(): Float32Array | undefined {
		if (this.context.architecture.explainFrom !== 'mean') return undefined;
		if (this.mean?.size === this.pool.size) return this.mean.row;
		let row: Float32Array | undefined;
		let n = 0;
		for (const id of this.pool.ids()) {
			const input = this.pool.get(id)?.input;
			if (!(input instanceof Float32Array)) continue;
			row ??= new Float32Array(input.length);
			for (let i = 0; i < row.length; i++) row[i]! += input[i]!;
			n++;
		}
		if (!row) return undefined;
		for (let i = 0; i < row.length; i++) row[i]! /= n;
		this.mean = { size: this.pool.size, row };
		return row;
	}

	/** The top suggested class's index; -1 without a suggestion. */
	private async topClass(sampleId: string): Promise<number> {
		const [top] = await this.scorer.suggest([sampleId]);
		return this.context.classIndex(top?.ranked[0]?.classId);
	}

	/** The sample's picture as the explainers take it: its 32x32 input for the CNN, its stored file for a head on an extractor. */
	private pictureOf(sampleId: string): Uint8Array | Blob | undefined {
		const sample = this.pool.get(sampleId);
		const picture = this.context.features ? sample?.blob : sample?.input;
		return picture instanceof Float32Array ? undefined : picture;
	}

	/** Runs `work` on a picture decoded once as the model takes it, with the model from there to class probabilities; frees the input after. */
	private async withInput<T>(picture: Picture, work: (input: { tensor: tf.Tensor4D; model: Classifier }) => Promise<T>): Promise<T> {
		const { features, architecture } = this.context;
		const decoded = features && !(picture instanceof Uint8Array);
		const tensor = decoded ? await features.pixels(picture) : (architecture.batch([picture as Uint8Array]) as tf.Tensor4D);
		try {
			return await work({ tensor, model: this.classifier(this.context.learner.network, decoded) });
		} finally {
			tensor.dispose();
		}
	}

	/** From the input the explainers take to class probabilities: through the extractor for a decoded picture. */
	private classifier(head: tf.LayersModel, decoded = !!this.context.features): Classifier {
		const backbone = this.context.features?.backbone;
		return backbone && decoded ? (x) => head.apply(backbone.features(x as tf.Tensor4D)) as tf.Tensor : layersClassifier(head);
	}

	/** The explainer's map for one input, on the usual INPUT_SIDE² grid (0..1). */
	private async saliency(input: tf.Tensor4D, model: Classifier, classIndex: number, method: string): Promise<Float32Array> {
		const map = await explainerById(method).explain(model, input, classIndex, { seed: 1 });
		const [, height, width, channels] = input.shape;
		return toGrid(map, height, width, channels, INPUT_SIDE);
	}
}
