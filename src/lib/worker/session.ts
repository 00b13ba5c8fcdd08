import * as tf from '@tensorflow/tfjs';
import { layersClassifier, type Classifier } from '$lib/core/explain/explainer';
import { explainerById } from '$lib/core/explain/registry';
import { randomisedCopy } from '$lib/core/explain/randomisation';
import { toGrid } from '$lib/core/explain/to-grid';
import { featureHead, IMAGE_CNN, type Architecture, type ModelInput } from '$lib/core/model/architecture';
import { INPUT_SIDE } from '$lib/core/model/image-input';
import { nearest } from '$lib/core/model/neighbours';
import { accuracy } from '$lib/core/metrics/accuracy';
import { DEFAULT_LEARNER_SETTINGS, HEAD_LEARNER_SETTINGS, NO_LABEL, OnlineLearner, type Example } from '$lib/core/model/online-learner';
import { combineMasks } from '$lib/core/explain/masks';
import type { ModelArtifactsData } from '$lib/core/types';
import { AuditBaseline } from './audit-baseline';
import { Features, type SessionBackbone } from './features';
import { counterfactualImage, trustReport } from './explain-checks';
import { compareVersions, type ComparedModel, type VersionComparison } from './compare-versions';
import { VersionRing } from './version-ring';
import type { CounterfactualResult, LiveResult, NeighbourInfo, SessionSample, SignalTarget, Suggestion, TrustReport } from './protocol';
import { trainingTarget } from '$lib/core/signals/training-target';
import { explainRow } from './row-explain';

export type { PixelDecoder, SessionBackbone } from './features';

const TOP = 3;
const MIN_HELD_OUT = 5;
const REFIT_EPOCHS = 12;

export interface RefitResult {
	ran: boolean;
	replaced: boolean;
	/** Held-out accuracy of the live model and of the refitted one. */
	current?: number;
	challenger?: number;
	heldOut?: number;
}

/** A stable fifth of the samples, by id, so the held-out set does not change between refits. */
function holdsOut(id: string): boolean {
	let h = 2166136261;
	for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
	return (h >>> 0) % 5 === 0;
}

interface Scored {
	/** Class probabilities, one per model output. */
	probs: Float32Array;
	/** The extractor's features, or the CNN's penultimate layer. */
	embedding: Float32Array;
}

export interface SavedSessionModel {
	artifacts: ModelArtifactsData;
	version: number;
	classIds: string[];
	/** The extractor the weights are a head for; unset for the from-scratch CNN. */
	backboneId?: string;
}

/**
 * One open project in the learner worker: its samples' inputs, its labels and its model. The UI keeps
 * it in step with the database; everything here can be rebuilt from there.
 *
 * The model is either the from-scratch CNN on each sample's 32x32 input or, when the project uses an
 * imported extractor, a small head on each sample's cached features.
 */
export class ProjectSession {
	private readonly samples = new Map<string, SessionSample>();
	private lastSaved: ModelArtifactsData | undefined;
	/** Each sample's probabilities and embedding under the current weights (see `score`). */
	private readonly scored = new Map<string, Scored>();
	private scoredWith: { learner: OnlineLearner; revision: number } | undefined;
	/** The project's "always ignore" region, applied to every sample the model trains on. */
	private ignoreRegion: Uint8Array | undefined;
	/** Fused ratings and implicit signals of unlabelled samples, by sample id. */
	private readonly signals = new Map<string, SignalTarget>();
	/** Recent versions' weights, for undo and redo. */
	private readonly ring = new VersionRing();
	/** The highest version number ever given: a version learned after an undo gets a new number, never a reused one. */
	private highest = 0;
	/** Frozen: labels are kept, nothing is learned until unfrozen (then the labels given meanwhile are). */
	frozen = false;
	private readonly heldWhileFrozen = new Set<string>();
	/** How the model did on labels before it learned them, since the last kept version: an honest held-out figure. */
	private unseen = { right: 0, total: 0 };
	/** Random picking's stand-in, taught only the audit picks (see AuditBaseline). */
	private baseline: AuditBaseline;

	private constructor(
		private learner: OnlineLearner,
		private classIds: string[],
		private readonly features: Features | undefined
	) {
		this.baseline = new AuditBaseline(classIds.length, learner.settings, learner.architecture);
	}

	/**
	 * Restores the saved model in its own class order (if it was made for the same extractor), then
	 * follows the project's current classes.
	 */
	static async open(
		classIds: string[],
		samples: SessionSample[],
		model?: SavedSessionModel,
		source?: SessionBackbone,
		/** The network for samples that are not images (spreadsheet rows); the image CNN otherwise. */
		inputArchitecture: Architecture = IMAGE_CNN
	): Promise<ProjectSession> {
		const features = source ? await Features.load(source) : undefined;
		const architecture = features ? featureHead(features.backbone.shape.width) : inputArchitecture;
		const settings = architecture === IMAGE_CNN ? DEFAULT_LEARNER_SETTINGS : HEAD_LEARNER_SETTINGS; // heads and MLPs learn faster
		const usable = model && model.backboneId === features?.id ? model : undefined;
		const learner = usable
			? await OnlineLearner.restore(usable.artifacts, usable.version, settings, architecture)
			: OnlineLearner.create(classIds.length, settings, architecture);
		const session = new ProjectSession(learner, usable?.classIds ?? classIds, features);
		session.setClasses(classIds);
		session.lastSaved = usable?.artifacts;
		session.highest = learner.version;
		await session.upsertSamples(samples);
		return session;
	}

	/** The extractor the model is a head for; undefined for the from-scratch CNN. */
	get backboneId(): string | undefined {
		return this.features?.id;
	}

	get classOrder(): string[] {
		return [...this.classIds];
	}

	get version(): number {
		return this.learner.version;
	}

	/** Follows the project's class list, keeping what the model learned about each class that stays. */
	setClasses(classIds: string[]): void {
		const mapping = classIds.map((id) => {
			const old = this.classIds.indexOf(id);
			return old >= 0 ? old : null;
		});
		this.learner.remapClasses(mapping);
		this.baseline.remapClasses(mapping);
		this.classIds = [...classIds];
	}

	/** Adds or replaces samples; with an extractor, their features are computed now. */
	async upsertSamples(samples: SessionSample[]): Promise<void> {
		for (const s of samples) {
			this.samples.set(s.id, s);
			this.features?.cache.delete(s.id);
			this.scored.delete(s.id);
		}
		await this.features?.fill(samples);
	}

	removeSamples(ids: string[]): void {
		for (const id of ids) {
			this.samples.delete(id);
			this.signals.delete(id);
			this.features?.cache.delete(id);
			this.scored.delete(id);
		}
	}

	/** What the model takes for a sample; undefined when its features could not be computed. */
	private inputOf(sample: SessionSample): ModelInput | undefined {
		return this.features ? this.features.cache.get(sample.id) : sample.input;
	}

	/**
	 * Records a label (and whether the sample was a random audit pick); returns true when there is
	 * something to learn from it.
	 */
	setLabel(sampleId: string, classId: string | null, audit?: boolean): boolean {
		const sample = this.samples.get(sampleId);
		if (!sample) return false;
		sample.classId = classId ?? undefined;
		if (audit !== undefined) sample.audit = audit;
		return classId !== null && this.classIds.includes(classId);
	}

	/**
	 * Records explanation feedback (null takes it back); returns true when there is something to learn.
	 * Only the from-scratch CNN can learn it: an extractor's head never sees the pixels.
	 */
	setMask(sampleId: string, mask: Uint8Array | null): boolean {
		const sample = this.samples.get(sampleId);
		if (!sample || this.features) return false;
		sample.mask = mask ?? undefined;
		return mask !== null;
	}

	/**
	 * Records what ratings and implicit signals say about a sample (null: nothing); true when there is
	 * something to learn. A sample's human label always wins over this (fusion.ts): it is used only while unlabelled.
	 */
	setSignal(sampleId: string, target: SignalTarget | null): boolean {
		const sample = this.samples.get(sampleId);
		if (!sample) return false;
		if (target) this.signals.set(sampleId, target);
		else this.signals.delete(sampleId);
		return !!target && !sample.classId;
	}

	/** Sets the region every sample should ignore; true when the model must now learn it. */
	setIgnoreRegion(mask: Uint8Array | null): boolean {
		this.ignoreRegion = mask ?? undefined;
		return !!mask && !this.features && this.trainingPool().length > 0;
	}

	/** Teaches the audit baseline one audit pick it has not learned yet; false when it is up to date. */
	learnAuditBaseline(shouldStop: () => boolean): Promise<boolean> {
		return this.baseline.learnNext(this.labelled().filter((e) => this.samples.get(e.id)?.audit), shouldStop);
	}

	/** What the audit baseline guesses for each sample, and how many audit picks it has learned from. */
	async baselineGuesses(ids: readonly string[]): Promise<{ id: string; suggested: string | null; labels: number }[]> {
		const known = ids.map((id) => this.samples.get(id)).filter((s): s is SessionSample => !!s && !!this.inputOf(s));
		const guesses = await this.baseline.guess(known.map((s) => this.inputOf(s)!), this.classIds.length);
		return known.map((s, i) => ({ id: s.id, suggested: guesses[i] === null ? null : this.classIds[guesses[i]!]!, labels: this.baseline.labels }));
	}

	/** A few optimiser steps on one newly labelled sample mixed with replayed ones. */
	async learnOne(sampleId: string): Promise<number> {
		const pool = this.trainingPool();
		const example = pool.find((e) => e.id === sampleId);
		if (!example) return NaN;
		return this.learner.update(example, pool);
	}

	/** The quick first step of learning a new label: what the human waits for. */
	async learnQuick(sampleId: string): Promise<boolean> {
		const pool = this.trainingPool();
		const example = pool.find((e) => e.id === sampleId);
		if (!example) return false;
		await this.learner.quickStep(example, pool);
		this.bump();
		return true;
	}

	/** The rest of learning those labels, in the background; false if it gave way to the human. */
	async refine(sampleIds: string[], shouldStop: () => boolean): Promise<boolean> {
		const pool = this.trainingPool();
		for (const id of sampleIds) {
			const example = pool.find((e) => e.id === id);
			if (example) await this.learner.refine(example, pool, shouldStop);
			if (shouldStop()) return false;
		}
		return true;
	}

	/**
	 * The idle steps after an act (LearnerSettings.idleSteps) on random batches of what the model
	 * trains on; none until two classes are labelled (a model taught one class would only grow surer
	 * of it everywhere). False if it did nothing or gave way to the human.
	 */
	async practise(shouldStop: () => boolean): Promise<boolean> {
		const pool = this.trainingPool();
		if (new Set(pool.map((e) => e.label).filter((l) => l !== NO_LABEL)).size < 2) return false;
		return this.learner.practise(pool, this.learner.settings.idleSteps, shouldStop);
	}

	/** A few passes over every labelled sample (after a labelled import, say). */
	async learnAll(epochs: number, shouldStop: () => boolean): Promise<boolean> {
		const pool = this.trainingPool();
		if (pool.length === 0) return true;
		const finished = await this.learner.fit(pool, epochs, 32, shouldStop);
		this.bump();
		return finished;
	}

	/** Versions are numbered in the order they were made, also after an undo moved the model back. */
	private bump(): void {
		if (this.learner.version <= this.highest) this.learner.version = this.highest + 1;
		this.highest = this.learner.version;
	}

	/** Keeps the current weights in the ring (before an act changes them), unless they are already there. */
	async checkpoint(): Promise<void> {
		const { version, revision } = this.learner;
		if (this.ring.holds(version, revision)) return;
		this.ring.put({ version, revision, weights: this.learner.copyWeights(), classIds: [...this.classIds] });
	}

	/** Puts back the weights of a recent version (undo, redo); false when the ring no longer holds it or the classes changed since. */
	async restoreVersion(version: number): Promise<boolean> {
		if (version === this.version) return true;
		const found = this.ring.get(version);
		if (!found || found.classIds.join() !== this.classIds.join()) return false;
		await this.checkpoint(); // so a redo can come back here
		if (!this.learner.restoreWeights(found.weights, version)) return false;
		this.highest = Math.max(this.highest, version);
		return true;
	}

	/** Replaces the model with saved weights (a rollback), mapped onto the project's current classes. */
	async restoreModel(model: SavedSessionModel): Promise<void> {
		const restored = await OnlineLearner.restore(model.artifacts, model.version, this.learner.settings, this.learner.architecture);
		const classIds = this.classIds;
		this.learner.dispose();
		this.learner = restored;
		this.lastSaved = model.artifacts;
		this.classIds = [...model.classIds];
		this.setClasses(classIds);
		this.highest = Math.max(this.highest, model.version);
	}

	/** Before learning labels: did the model already get each right? Counts towards the next kept version's accuracy. */
	async judge(labels: readonly { sampleId: string; classId: string | null }[]): Promise<void> {
		if (this.classIds.length < 2) return;
		const asked = labels.flatMap(({ sampleId, classId }) => {
			const sample = this.samples.get(sampleId);
			const index = classId ? this.classIds.indexOf(classId) : -1;
			return sample && index >= 0 && this.inputOf(sample) ? [{ sample, index }] : [];
		});
		const scores = await this.score(asked.map((a) => a.sample)); // one forward pass for those not already scored
		for (const { sample, index } of asked) {
			const probs = scores.get(sample.id)!.probs.subarray(0, this.classIds.length);
			const top = probs.reduce((best, p, c, all) => (p > all[best]! ? c : best), 0);
			this.unseen.total++;
			if (top === index) this.unseen.right++;
		}
	}

	/** The held-out figure since the last kept version, which starts a new count. */
	takeUnseenAccuracy(): { accuracy?: number; heldOut: number } {
		const { right, total } = this.unseen;
		this.unseen = { right: 0, total: 0 };
		return total ? { accuracy: right / total, heldOut: total } : { heldOut: 0 };
	}

	/** The human's learning settings: they apply from the next step on. */
	configure(control: { learningRate: number; stepsPerUpdate: number; replaySize: number }): void {
		const { learningRate, stepsPerUpdate, replaySize } = control;
		this.learner.configure({ learningRate, stepsPerUpdate, replaySize });
	}

	/** Remembers a label given while frozen, to learn it on unfreezing. */
	holdForLater(sampleId: string): void {
		this.heldWhileFrozen.add(sampleId);
	}

	/** The labels given while frozen, now to be learned. */
	takeHeld(): string[] {
		const held = [...this.heldWhileFrozen].filter((id) => this.samples.has(id));
		this.heldWhileFrozen.clear();
		return held;
	}

	/** Two stored versions' predictions on the labelled set. */
	compare(a: ComparedModel, b: ComparedModel): Promise<VersionComparison> {
		return compareVersions(a, b, this.labelled(), (e) => this.classIds[e.label]!, this.learner.settings, this.learner.architecture);
	}

	/** The model's top classes for the given samples (all when none given). */
	async suggest(ids?: string[]): Promise<Suggestion[]> {
		if (this.classIds.length < 2) return [];
		const targets = (ids ?? [...this.samples.keys()]).map((id) => this.samples.get(id)).filter((s): s is SessionSample => !!s && !!this.inputOf(s));
		const scores = await this.score(targets);
		return targets.map((sample) => {
			const probs = scores.get(sample.id)!.probs;
			const ranked = this.classIds
				.map((classId, c) => ({ classId, p: probs[c]! }))
				.sort((a, b) => b.p - a.p)
				.slice(0, TOP);
			return { sampleId: sample.id, ranked, version: this.version };
		});
	}

	/**
	 * A saliency map (INPUT_SIDE² values, 0..1) for the sample's top suggestion; for a spreadsheet row
	 * or a note, one value per feature of its vector instead (the page maps them to columns or words).
	 */
	async explain(sampleId: string, method: string): Promise<Float32Array | null> {
		const sample = this.samples.get(sampleId);
		if (!this.features && sample?.input instanceof Float32Array) {
			const [top] = await this.suggest([sampleId]);
			const classIndex = top?.ranked[0] ? this.classIds.indexOf(top.ranked[0].classId) : -1;
			return classIndex < 0 ? null : explainRow(this.learner.network, this.learner.architecture, sample.input, classIndex, method);
		}
		const target = await this.explainTarget(sampleId);
		return target && this.saliency(target.image, target.classId, method);
	}

	/** Class probabilities (in `classOrder`) for feature rows that are not samples: a counterfactual's candidates. */
	async predictRows(inputs: readonly Float32Array[]): Promise<Float32Array[]> {
		if (this.features || this.classIds.length < 2) return [];
		const probs = await this.learner.predict(inputs);
		const outputs = probs.length / Math.max(1, inputs.length);
		return inputs.map((_, i) => probs.slice(i * outputs, i * outputs + this.classIds.length));
	}

	/** The sample's picture as the explainers take it, and its top suggested class; null for a row or without a suggestion. */
	private async explainTarget(sampleId: string): Promise<{ image: Uint8Array | Blob; classId: string } | null> {
		const sample = this.samples.get(sampleId);
		const [top] = await this.suggest([sampleId]);
		const image = this.features ? sample?.blob : sample?.input;
		if (!top?.ranked[0] || !image || image instanceof Float32Array) return null;
		return { image, classId: top.ranked[0].classId };
	}

	/** The trust checks of the sample's explanation: against random weights, and deletion/insertion against random orders. */
	async trust(sampleId: string, method: string): Promise<TrustReport | null> {
		const target = await this.explainTarget(sampleId);
		if (!target) return null;
		const { tensor, model } = await this.explainable(target.image);
		let copy: tf.LayersModel | undefined;
		try {
			copy = await randomisedCopy(this.learner.network, 1);
			const randomised = (await this.explainable(tensor, copy)).model;
			return await trustReport(explainerById(method), model, randomised, tensor, this.classIds.indexOf(target.classId));
		} finally {
			tensor.dispose();
			copy?.dispose();
		}
	}

	/** What would make the from-scratch CNN give `classId` for the sample; null for other models. */
	async counterfactual(sampleId: string, classId: string): Promise<CounterfactualResult | null> {
		const sample = this.samples.get(sampleId);
		const classIndex = this.classIds.indexOf(classId);
		if (this.features || !(sample?.input instanceof Uint8Array) || classIndex < 0) return null;
		const { tensor, model } = await this.explainable(sample.input);
		try {
			return await counterfactualImage(model, tensor, classIndex);
		} finally {
			tensor.dispose();
		}
	}

	/**
	 * Live mode: what the model makes of an input that is not (yet) a sample: its 32x32 input and, for
	 * a model on an extractor, the frame itself.
	 */
	async classify(input: Uint8Array, explain: boolean, frame?: ImageBitmap): Promise<LiveResult | null> {
		if (this.classIds.length < 2 || (this.features && !frame)) return null;
		const { tensor, model } = await this.explainable(frame ?? input);
		try {
			const out = tf.tidy(() => model(tensor));
			const probs = await out.data();
			out.dispose();
			const ranked = this.classIds.map((classId, c) => ({ classId, p: probs[c]! })).sort((a, b) => b.p - a.p).slice(0, TOP);
			return { ranked, saliency: explain ? await this.saliencyOf(tensor, model, ranked[0]!.classId, 'vanilla-gradient') : null };
		} finally {
			tensor.dispose();
		}
	}

	/**
	 * An image as the explainers take it, decoded once: the 32x32 input for the CNN, or the decoded
	 * picture for an extractor, with the model from there to class probabilities.
	 */
	private async explainable(image: Uint8Array | Blob | ImageBitmap | tf.Tensor4D, head = this.learner.network): Promise<{ tensor: tf.Tensor4D; model: Classifier }> {
		if (this.features && !(image instanceof Uint8Array)) {
			const { backbone } = this.features;
			const tensor = image instanceof tf.Tensor ? image : await this.features.pixels(image);
			return { tensor, model: (x) => head.apply(backbone.features(x as tf.Tensor4D)) as tf.Tensor };
		}
		const tensor = image instanceof tf.Tensor ? image : (this.learner.architecture.batch([image as Uint8Array]) as tf.Tensor4D);
		return { tensor, model: layersClassifier(head) };
	}

	/** The explainer's map for one image, on the usual INPUT_SIDE² grid (0..1). */
	private async saliency(image: Uint8Array | Blob | ImageBitmap, classId: string, method: string): Promise<Float32Array> {
		const { tensor, model } = await this.explainable(image);
		try {
			return await this.saliencyOf(tensor, model, classId, method);
		} finally {
			tensor.dispose();
		}
	}

	private async saliencyOf(input: tf.Tensor4D, model: Classifier, classId: string, method: string): Promise<Float32Array> {
		const map = await explainerById(method).explain(model, input, this.classIds.indexOf(classId), { seed: 1 });
		const [, height, width, channels] = input.shape;
		return toGrid(map, height, width, channels, INPUT_SIDE);
	}

	/** Accuracy on examples outside the session (benchmarks: a held-out split). */
	evaluate(examples: readonly Example[]): Promise<number> {
		return accuracy(this.learner, examples, this.classIds.length);
	}

	/** Ids of the samples without a human label that the model can score. */
	unlabelledIds(): string[] {
		return [...this.samples.values()].filter((s) => !(s.classId && this.classIds.includes(s.classId)) && this.inputOf(s)).map((s) => s.id);
	}

	/** The labelled samples as the model takes them, labels as class indexes. */
	labelledExamples(): Example[] {
		return this.labelled();
	}

	/**
	 * Class probabilities and embeddings (the extractor's features, or the CNN's penultimate layer)
	 * of the given samples, one row each: what the query strategies rank by.
	 */
	async describe(ids: readonly string[]): Promise<{ id: string; probs: Float32Array; embedding: Float32Array }[]> {
		const known = ids.map((id) => this.samples.get(id)).filter((s): s is SessionSample => !!s && !!this.inputOf(s));
		const scores = await this.score(known);
		return known.map((s) => {
			const { probs, embedding } = scores.get(s.id)!;
			return { id: s.id, probs: probs.subarray(0, this.classIds.length), embedding };
		});
	}

	/**
	 * The model's probabilities and embedding for each sample, from one forward pass, remembered until
	 * the weights change: the suggestions after an act and the queue's ranking share them.
	 */
	private async score(samples: readonly SessionSample[]): Promise<Map<string, Scored>> {
		const { learner } = this;
		if (this.scoredWith?.learner !== learner || this.scoredWith.revision !== learner.revision) {
			this.scored.clear();
			this.scoredWith = { learner, revision: learner.revision };
		}
		const missing = samples.filter((s) => !this.scored.has(s.id));
		if (missing.length > 0) {
			const inputs = missing.map((s) => this.inputOf(s)!);
			const { probs, classes, embeddings, width } = await learner.predictAndEmbed(inputs);
			missing.forEach((s, i) => {
				// With an extractor, its features are the better measure of likeness than the head's hidden layer.
				const embedding = this.features ? (inputs[i] as Float32Array) : embeddings.slice(i * width, (i + 1) * width);
				this.scored.set(s.id, { probs: probs.slice(i * classes, (i + 1) * classes), embedding });
			});
		}
		return new Map(samples.map((s) => [s.id, this.scored.get(s.id)!]));
	}

	/** The labelled samples the model finds most alike: by the extractor's features, or the CNN's penultimate layer. */
	async neighbours(sampleId: string, k: number): Promise<NeighbourInfo[]> {
		const pool = this.labelled().filter((e) => e.id !== sampleId);
		const [own, ...others] = await this.describe([sampleId, ...pool.map((e) => e.id)]);
		if (own?.id !== sampleId || others.length === 0) return [];
		const width = own.embedding.length;
		const values = new Float32Array(others.length * width);
		others.forEach((o, i) => values.set(o.embedding, i * width));
		const found = nearest(own.embedding, values, width, k);
		return found.map((n) => ({ sampleId: pool[n.index]!.id, classId: this.classIds[pool[n.index]!.label]!, similarity: n.similarity }));
	}

	/**
	 * A fresh model trained on every labelled sample but a held-out fifth; it replaces the live model
	 * only if it scores better on that fifth. The live model has seen the held-out samples, so the
	 * test favours keeping it: a replacement has to be clearly better.
	 */
	async refit(shouldStop: () => boolean): Promise<RefitResult> {
		const pool = this.labelled();
		const held = pool.filter((e) => holdsOut(e.id));
		// Explanation feedback trains the candidate too: a refit must not forget where not to look.
		const train = this.trainingPool().filter((e) => e.label === NO_LABEL || !holdsOut(e.id));
		if (held.length < MIN_HELD_OUT || new Set(train.map((e) => e.label)).size < 2) return { ran: false, replaced: false };
		const candidate = OnlineLearner.create(this.classIds.length, { ...this.learner.settings, seed: this.learner.settings.seed + pool.length }, this.learner.architecture);
		const finished = await candidate.fit(train, REFIT_EPOCHS, 32, shouldStop);
		if (!finished) {
			candidate.dispose();
			return { ran: false, replaced: false };
		}
		const [current, challenger] = [await accuracy(this.learner, held), await accuracy(candidate, held)];
		if (challenger <= current) {
			candidate.dispose();
			return { ran: true, replaced: false, current, challenger, heldOut: held.length };
		}
		this.learner.dispose();
		this.learner = candidate;
		this.bump();
		return { ran: true, replaced: true, current, challenger, heldOut: held.length };
	}

	async save(): Promise<ModelArtifactsData> {
		this.lastSaved = await this.learner.save();
		return this.lastSaved;
	}

	/** After a backend change: rebuild the model on the new backend from the last saved weights. */
	async reload(): Promise<void> {
		const { version, settings, architecture } = this.learner;
		this.ring.clear(); // its copies lived on the backend that failed
		await this.features?.reload();
		const fresh = this.lastSaved
			? await OnlineLearner.restore(this.lastSaved, version, settings, architecture)
			: OnlineLearner.create(this.classIds.length, settings, architecture);
		try {
			this.learner.dispose(); // its tensors lived on the backend that failed
			this.baseline.dispose();
		} catch {
			// A lost device may not even let go of its buffers; nothing more to do.
		}
		this.learner = fresh;
		this.baseline = new AuditBaseline(this.classIds.length, settings, architecture); // relearns the audit picks as it is asked
	}

	dispose(): void {
		this.ring.clear();
		this.learner.dispose();
		this.baseline.dispose();
		this.features?.backbone.dispose();
	}

	/** The samples with a human label, without masks (accuracy, neighbours and the queue use only these). */
	private labelled(): Example[] {
		return this.examples(false);
	}

	/**
	 * What the model trains on: every labelled sample, and every sample with explanation feedback (one
	 * without a label adds only its penalty), each with its mask joined to the "always ignore" region.
	 */
	private trainingPool(): Example[] {
		return [...this.examples(!this.features), ...this.signalled()];
	}

	/** Unlabelled samples with ratings or implicit signals, each with its weighted target row. */
	private signalled(): Example[] {
		const out: Example[] = [];
		for (const [id, signal] of this.signals) {
			const s = this.samples.get(id);
			const input = s && !s.classId && !s.mask ? this.inputOf(s) : undefined; // a masked one is already in the pool
			const target = input && trainingTarget(signal, this.classIds);
			if (input && target) out.push({ id, input, label: NO_LABEL, target });
		}
		return out;
	}

	private examples(guided: boolean): Example[] {
		const out: Example[] = [];
		for (const s of this.samples.values()) {
			const label = s.classId ? this.classIds.indexOf(s.classId) : -1;
			const input = this.inputOf(s);
			if (!input || (label < 0 && !(guided && s.mask))) continue;
			const mask = guided ? combineMasks(s.mask, this.ignoreRegion) : undefined;
			out.push({ id: s.id, input, label: label >= 0 ? label : NO_LABEL, ...(mask ? { mask } : {}) });
		}
		return out;
	}
}
