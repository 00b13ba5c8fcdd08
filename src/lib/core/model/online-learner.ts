import * as tf from '@tensorflow/tfjs';
import { sample, seededRandom } from '../random';
import type { ModelArtifactsData } from '../types';
import { IMAGE_CNN, isNetworkOf, type Architecture, type ModelInput } from './architecture';
import { fromArtifacts, toArtifacts } from './artifacts';
import { BATCH_SIZE, checkTuning, POOL_PER_BATCH, DEFAULT_LEARNER_SETTINGS, type LearnerSettings, type LearnerTuning } from './learner-settings';
import { copyWithRemappedOutputs } from './output-remap';
import { embeddingModel, predictBoth, predictProbs, type ProbsAndEmbeddings } from './predict';
import { stepInParts } from './step-in-parts';
import { trainStep } from './train-step';
import { drive } from './drive';
import { fitLinear } from './linear-fit';
import { batchTensors, targetOf, type BatchTensors, type Example } from './training-batch';

/**
 * Pool targets a solve takes at most, drawn at random: its cost grows with the rows it fits. Never more
 * than the pool's own examples either, so what the model is sure of weighs at most half of what the
 * human taught (each pool target weighs half a label): on the readings table, up to 256 at 20-40
 * labels swamped them (al bench: accuracy at 40 labels 0.678 against 0.749 without).
 */
export const MAX_SOLVED_FROM_POOL = 256;

export { NO_LABEL, type Example } from './training-batch';
export { BATCH_SIZE, CONTROL_LIMITS, POOL_PER_BATCH, DEFAULT_LEARNER_SETTINGS, HEAD_LEARNER_SETTINGS, type LearnerSettings, type LearnerTuning } from './learner-settings';

/**
 * A network taught one human act at a time (the from-scratch image CNN by default, or a head on
 * pretrained features): each update takes a few Adam steps on the new sample mixed with a replay
 * batch of stored labelled samples (rehearsal against forgetting). It has no version number of its
 * own: which version its weights are is the session's lineage's business (core/session/lineage.ts).
 */
export class OnlineLearner {
	private optimizer: tf.Optimizer;
	private readonly random: () => number;
	private changes = 0;
	/** A copy: `configure` changes it while the learner runs. */
	private current: LearnerSettings;
	/** How many examples the model last trained on (the pool of its last update, fit or idle steps): its weight decay is divided by it. */
	private examples = 1;
	/** The same network with its penultimate layer as a second output (made once per network). */
	private withEmbedding: tf.LayersModel | undefined;

	private constructor(
		private model: tf.LayersModel,
		settings: LearnerSettings,
		readonly architecture: Architecture,
		randomOffset: number
	) {
		this.current = { ...settings };
		this.optimizer = tf.train.adam(settings.learningRate);
		this.random = seededRandom(settings.seed + randomOffset);
	}

	static create(classes: number, settings = DEFAULT_LEARNER_SETTINGS, architecture = IMAGE_CNN): OnlineLearner {
		return new OnlineLearner(architecture.build(Math.max(2, classes), settings.seed), settings, architecture, 0);
	}

	/**
	 * Saved weights as a learner. `randomOffset` (the version the weights are, in a session) seeds its
	 * replay draws apart from a fresh learner's, so a reopened project does not replay as it began.
	 */
	static async restore(artifacts: ModelArtifactsData, settings = DEFAULT_LEARNER_SETTINGS, architecture = IMAGE_CNN, randomOffset = 0): Promise<OnlineLearner> {
		return new OnlineLearner(await fromArtifacts(artifacts), settings, architecture, randomOffset);
	}

	/**
	 * Saved weights as a learner of whichever of `family`'s architectures they are (a row project's
	 * versions are the linear model's or the MLP's, core/model/row-models.ts); undefined when none fits.
	 */
	static async restoreIn(artifacts: ModelArtifactsData, settings: LearnerSettings, family: readonly Architecture[], randomOffset = 0): Promise<OnlineLearner | undefined> {
		const model = await fromArtifacts(artifacts);
		const architecture = family.find((a) => isNetworkOf(model, a));
		if (!architecture) {
			model.dispose();
			return undefined;
		}
		return new OnlineLearner(model, settings, architecture, randomOffset);
	}

	/** The live settings (a copy). */
	get settings(): LearnerSettings {
		return { ...this.current };
	}

	get classes(): number {
		return (this.model.outputs[0]!.shape.at(-1) as number) ?? 0;
	}

	get network(): tf.LayersModel {
		return this.model;
	}

	/** Goes up whenever the weights change: caches of the model's outputs are keyed by it. */
	get revision(): number {
		return this.changes;
	}

	/** Learns one labelled example (both phases below); returns the loss of the last step. */
	async update(example: Example, pool: readonly Example[]): Promise<number> {
		await this.quickStep(example, pool);
		return this.refine(example, pool);
	}

	/**
	 * The part of an update the human waits for: one step on the new sample with a small replay batch,
	 * enough to move the suggestions.
	 */
	quickStep(example: Example, pool: readonly Example[]): Promise<number> {
		this.examples = pool.length;
		// The new sample as drawn, not shifted: the step the human waits for must teach exactly what they showed.
		const replay = Math.min(this.current.quickReplay, this.current.replaySize); // replay 0 means none, in every step
		return this.step(this.batchFor(example, pool, replay), this.current.newSampleWeight);
	}

	/**
	 * The rest of the update, off the critical path: the remaining steps with the full replay batch,
	 * which keep the model from forgetting. Stops early when `shouldStop` says so.
	 */
	async refine(example: Example, pool: readonly Example[], shouldStop: () => boolean = () => false): Promise<number> {
		let loss = NaN;
		await drive(this.refineSteps(example, pool, (l) => (loss = l)), shouldStop);
		return loss;
	}

	/** `refine`'s steps: the generator pauses before each step and within it (stepInParts), so its driver can stop it there. */
	async *refineSteps(example: Example, pool: readonly Example[], loss: (value: number) => void = () => {}): AsyncGenerator<void, void> {
		this.examples = pool.length;
		for (let step = 1; step < this.current.stepsPerUpdate; step++) {
			yield;
			loss(yield* this.stepInParts(this.batchFor(example, pool, this.current.replaySize)));
		}
	}

	private batchFor(example: Example, pool: readonly Example[], replay: number): Example[] {
		const others = pool.filter((e) => e.id !== example.id);
		return [...Array<Example>(this.current.newSampleWeight).fill(example), ...sample(others, replay, this.random)];
	}

	/** `steps` steps on random batches (of up to BATCH_SIZE) of the pool; false if `shouldStop` cut them short. */
	practise(pool: readonly Example[], steps: number, shouldStop: () => boolean = () => false): Promise<boolean> {
		return drive(this.practiseSteps(pool, steps), shouldStop);
	}

	/**
	 * `practise`'s steps, pausing before each (and within each: stepInParts). `fromPool` gives the
	 * unlabelled samples the model may learn from with their weighted targets (core/semi), read at each
	 * step: up to POOL_PER_BATCH of them join each batch.
	 */
	async *practiseSteps(pool: readonly Example[], steps: number, fromPool: () => readonly Example[] = () => []): AsyncGenerator<void, void> {
		this.examples = pool.length;
		for (let i = 0; i < steps; i++) {
			yield;
			const extra = fromPool();
			const batch = [...sample(pool, Math.min(BATCH_SIZE, pool.length), this.random), ...sample(extra, Math.min(POOL_PER_BATCH, extra.length), this.random)];
			yield* this.stepInParts(batch);
		}
	}

	/**
	 * For a convex architecture (a softmax regression): its weights solved to the optimum of the loss on
	 * the pool and `fromPool`'s weighted targets (up to MAX_SOLVED_FROM_POOL of them), from where they
	 * are, pausing between slices of the solver. One new set of weights at the end, unless the weights
	 * changed meanwhile (an act's quick step): then the solve, of the pool as it was, is dropped.
	 */
	async *solveSteps(pool: readonly Example[], fromPool: readonly Example[] = []): AsyncGenerator<void, void> {
		const before = this.changes;
		const [kernel, bias] = this.model.getWeights();
		const start = { kernel: (await kernel!.data()) as Float32Array, bias: (await bias!.data()) as Float32Array };
		const extra = sample(fromPool, Math.min(MAX_SOLVED_FROM_POOL, pool.length, fromPool.length), this.random);
		const rows = [...pool, ...extra].flatMap((e) => {
			const target = targetOf(e, this.classes);
			return target ? [{ input: e.input, target }] : [];
		});
		this.examples = pool.length;
		const solved = yield* fitLinear(rows, start, this.architecture.weightDecay ?? 0);
		if (this.changes !== before) return;
		const tensors = [tf.tensor2d(solved.kernel, kernel!.shape as [number, number]), tf.tensor1d(solved.bias)];
		try {
			this.model.setWeights(tensors);
		} finally {
			tf.dispose(tensors);
		}
		this.changes++;
		this.resetOptimizer(); // its moments were of the weights before
	}

	/**
	 * Learns `examples` in full, as a fresh model of its kind is taught them: solved for a convex
	 * architecture (a softmax regression), else `epochs` passes of Adam. False if `shouldStop` cut it short.
	 */
	learn(examples: readonly Example[], epochs: number, shouldStop: () => boolean = () => false): Promise<boolean> {
		return drive(this.learnSteps(examples, epochs), shouldStop);
	}

	/** `learn`'s steps, pausing before each. */
	async *learnSteps(examples: readonly Example[], epochs: number): AsyncGenerator<void, void> {
		if (this.architecture.convex) yield* this.solveSteps(examples);
		else yield* this.fitSteps(examples, epochs);
	}

	/** Trains on the whole pool for `epochs` passes in shuffled mini-batches; false if `shouldStop` cut it short. */
	fit(pool: readonly Example[], epochs: number, shouldStop: () => boolean = () => false, batchSize = BATCH_SIZE): Promise<boolean> {
		return drive(this.fitSteps(pool, epochs, batchSize), shouldStop);
	}

	/** `fit`'s steps, pausing before each. */
	async *fitSteps(pool: readonly Example[], epochs: number, batchSize = BATCH_SIZE): AsyncGenerator<void, void> {
		this.examples = pool.length;
		for (let epoch = 0; epoch < epochs; epoch++) {
			const order = sample(pool, pool.length, this.random);
			for (let i = 0; i < order.length; i += batchSize) {
				yield;
				await this.step(order.slice(i, i + batchSize));
			}
		}
	}

	/** Class probabilities, row-major [n, classes]. */
	predict(inputs: readonly ModelInput[]): Promise<Float32Array> {
		return predictProbs(this.model, this.architecture, inputs);
	}

	/** Class probabilities [n, classes] and penultimate activations [n, width] from one forward pass. */
	predictAndEmbed(inputs: readonly ModelInput[]): Promise<ProbsAndEmbeddings> {
		this.withEmbedding ??= embeddingModel(this.model);
		return predictBoth(this.withEmbedding, this.architecture, inputs);
	}

	/**
	 * Rebuilds the output layer for a new class list. `mapping[i]` is the old output index of new
	 * class i, or null for a class the model has not seen; every other weight is kept as it is.
	 * Example targets made for the old class count are skipped from then on: rebuild them for the new order.
	 * `seed` initialises the new classes' weights.
	 */
	remapClasses(mapping: readonly (number | null)[], seed = this.current.seed): void {
		const k = Math.max(2, mapping.length);
		const padded = [...mapping, ...Array<null>(k - mapping.length).fill(null)];
		if (k === this.classes && padded.every((old, i) => old === i)) return;
		const next = this.architecture.build(k, seed);
		copyWithRemappedOutputs(this.model, next, padded);
		this.model.dispose();
		this.model = next;
		this.withEmbedding = undefined;
		this.changes++;
		this.resetOptimizer();
	}

	/**
	 * Changes the learning settings from the next step on; throws on a value out of range
	 * (CONTROL_LIMITS), changing nothing. A new learning rate takes a new Adam optimiser: tfjs keeps the
	 * rate in a protected field, and carrying the moments over (getWeights/setWeights) is asynchronous.
	 * The cost is Adam's first step again, which moves each weight by about the rate, as after a class change.
	 */
	configure(control: LearnerTuning): void {
		checkTuning(control);
		const changes = Object.fromEntries(Object.entries(control).filter(([, v]) => v !== undefined)) as LearnerTuning;
		const newRate = changes.learningRate !== undefined && changes.learningRate !== this.current.learningRate;
		this.current = { ...this.current, ...changes };
		if (newRate) this.resetOptimizer();
	}

	/** Copies of the weights as tensors (on the backend, no download): cheap enough to take before every act. */
	copyWeights(): tf.Tensor[] {
		return this.model.getWeights().map((w) => w.clone());
	}

	/**
	 * Puts back weights taken with `copyWeights` from this same network; false if they no longer fit
	 * (classes changed). The optimiser starts afresh, as its moments belong to the weights replaced.
	 */
	restoreWeights(weights: readonly tf.Tensor[]): boolean {
		const current = this.model.getWeights();
		if (weights.length !== current.length || weights.some((w, i) => w.shape.join() !== current[i]!.shape.join())) return false;
		this.model.setWeights([...weights]);
		this.changes++;
		this.resetOptimizer();
		return true;
	}

	save(): Promise<ModelArtifactsData> {
		return toArtifacts(this.model);
	}

	dispose(): void {
		this.model.dispose();
		this.optimizer.dispose();
	}

	/** One optimiser step; inputs from `exact` on are varied at random if the architecture augments. */
	private async step(batch: readonly Example[], exact = 0): Promise<number> {
		const { xs, ys, penalty } = this.tensorsOf(batch, exact);
		try {
			return await trainStep(this.model, this.optimizer, xs, ys, penalty, this.decay);
		} finally {
			this.changes++;
			tf.dispose([xs, ys, penalty?.masks]);
		}
	}

	/** The same step in parts that pause between them (step-in-parts.ts): for the steps the human does not wait for. */
	private async *stepInParts(batch: readonly Example[]): AsyncGenerator<void, number> {
		const before = this.changes;
		try {
			return yield* stepInParts(this.model, this.optimizer, batch.length, (from, to) => this.tensorsOf(batch.slice(from, to)), () => this.changes !== before, this.decay);
		} finally {
			this.changes++;
		}
	}

	/**
	 * The weight decay of a step: the architecture's, divided by the examples the model trains on (as a
	 * logistic regression's L2 penalty is per dataset, not per example): strong with three labels, light
	 * with three hundred.
	 */
	private get decay(): number {
		return (this.architecture.weightDecay ?? 0) / Math.max(1, this.examples);
	}

	private tensorsOf(batch: readonly Example[], exact = 0): BatchTensors {
		return batchTensors(batch, { architecture: this.architecture, classes: this.classes, exact, random: this.random, explanationWeight: this.current.explanationWeight });
	}

	private resetOptimizer(): void {
		this.optimizer.dispose();
		this.optimizer = tf.train.adam(this.current.learningRate);
	}
}
