import { explainerById } from '$lib/core/explain/registry';
import { inputBatch, INPUT_SIDE } from '$lib/core/model/image-input';
import { nearest } from '$lib/core/model/neighbours';
import { accuracy } from '$lib/core/metrics/accuracy';
import { OnlineLearner, type Example } from '$lib/core/model/online-learner';
import type { ModelArtifactsData } from '$lib/core/types';
import type { LiveResult, NeighbourInfo, SessionSample, Suggestion } from './protocol';

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


/**
 * One open project in the learner worker: its samples' inputs, its labels and its model. The UI keeps
 * it in step with the database; everything here can be rebuilt from there.
 */
export class ProjectSession {
	private readonly samples = new Map<string, SessionSample>();
	private lastSaved: ModelArtifactsData | undefined;

	private constructor(
		private learner: OnlineLearner,
		private classIds: string[]
	) {}

	/** Restores the saved model in its own class order, then follows the project's current classes. */
	static async open(classIds: string[], samples: SessionSample[], model?: { artifacts: ModelArtifactsData; version: number; classIds: string[] }): Promise<ProjectSession> {
		const learner = model ? await OnlineLearner.restore(model.artifacts, model.version) : OnlineLearner.create(classIds.length);
		const session = new ProjectSession(learner, model?.classIds ?? classIds);
		session.setClasses(classIds);
		session.lastSaved = model?.artifacts;
		for (const s of samples) session.samples.set(s.id, s);
		return session;
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
		this.classIds = [...classIds];
	}

	upsertSamples(samples: SessionSample[]): void {
		for (const s of samples) this.samples.set(s.id, s);
	}

	removeSamples(ids: string[]): void {
		for (const id of ids) this.samples.delete(id);
	}

	/** Records a label; returns true when there is something to learn from it. */
	setLabel(sampleId: string, classId: string | null): boolean {
		const sample = this.samples.get(sampleId);
		if (!sample) return false;
		sample.classId = classId ?? undefined;
		return classId !== null && this.classIds.includes(classId);
	}

	/** A few optimiser steps on one newly labelled sample mixed with replayed ones. */
	async learnOne(sampleId: string): Promise<number> {
		const pool = this.labelled();
		const example = pool.find((e) => e.id === sampleId);
		if (!example) return NaN;
		return this.learner.update(example, pool);
	}

	/** The quick first step of learning a new label: what the human waits for. */
	async learnQuick(sampleId: string): Promise<boolean> {
		const pool = this.labelled();
		const example = pool.find((e) => e.id === sampleId);
		if (!example) return false;
		await this.learner.quickStep(example, pool);
		return true;
	}

	/** The rest of learning those labels, in the background; false if it gave way to the human. */
	async refine(sampleIds: string[], shouldStop: () => boolean): Promise<boolean> {
		const pool = this.labelled();
		for (const id of sampleIds) {
			const example = pool.find((e) => e.id === id);
			if (example) await this.learner.refine(example, pool, shouldStop);
			if (shouldStop()) return false;
		}
		return true;
	}

	/** A few passes over every labelled sample (after a labelled import, say). */
	async learnAll(epochs: number, shouldStop: () => boolean): Promise<boolean> {
		const pool = this.labelled();
		if (pool.length === 0) return true;
		return this.learner.fit(pool, epochs, 32, shouldStop);
	}

	/** The model's top classes for the given samples (all when none given). */
	async suggest(ids?: string[]): Promise<Suggestion[]> {
		if (this.classIds.length < 2) return [];
		const targets = (ids ?? [...this.samples.keys()]).map((id) => this.samples.get(id)).filter((s): s is SessionSample => !!s);
		const probs = await this.learner.predict(targets.map((s) => s.input));
		const k = this.learner.classes;
		return targets.map((sample, i) => {
			const ranked = this.classIds
				.map((classId, c) => ({ classId, p: probs[i * k + c]! }))
				.sort((a, b) => b.p - a.p)
				.slice(0, TOP);
			return { sampleId: sample.id, ranked, version: this.version };
		});
	}

	/** A saliency map (INPUT_SIDE² values, 0..1) for the sample's top suggestion. */
	async explain(sampleId: string, method: string): Promise<Float32Array | null> {
		const sample = this.samples.get(sampleId);
		const [top] = await this.suggest([sampleId]);
		if (!sample || !top?.ranked[0]) return null;
		return this.saliency(sample.input, top.ranked[0].classId, method);
	}

	/** Live mode: what the model makes of an input that is not (yet) a sample. */
	async classify(input: Uint8Array, explain: boolean): Promise<LiveResult | null> {
		if (this.classIds.length < 2) return null;
		const probs = await this.learner.predict([input]);
		const ranked = this.classIds.map((classId, c) => ({ classId, p: probs[c]! })).sort((a, b) => b.p - a.p).slice(0, TOP);
		return { ranked, saliency: explain ? await this.saliency(input, ranked[0]!.classId, 'vanilla-gradient') : null };
	}

	private async saliency(pixels: Uint8Array, classId: string, method: string): Promise<Float32Array> {
		const input = inputBatch([pixels]);
		try {
			const map = await explainerById(method).explain(this.learner.network, input, this.classIds.indexOf(classId), { seed: 1 });
			const max = map.reduce((m, v) => Math.max(m, v), 0) || 1;
			return map.map((v) => v / max).slice(0, INPUT_SIDE * INPUT_SIDE);
		} finally {
			input.dispose();
		}
	}

	/** The labelled samples the model finds most alike, by its penultimate layer. */
	async neighbours(sampleId: string, k: number): Promise<NeighbourInfo[]> {
		const sample = this.samples.get(sampleId);
		const pool = this.labelled().filter((e) => e.id !== sampleId);
		if (!sample || pool.length === 0) return [];
		const { values, width } = await this.learner.embed([sample.input, ...pool.map((e) => e.input)]);
		const found = nearest(values.subarray(0, width), values.subarray(width), width, k);
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
		const train = pool.filter((e) => !holdsOut(e.id));
		if (held.length < MIN_HELD_OUT || new Set(train.map((e) => e.label)).size < 2) return { ran: false, replaced: false };
		const candidate = OnlineLearner.create(this.classIds.length, { ...this.learner.settings, seed: this.learner.settings.seed + pool.length });
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
		candidate.version = this.learner.version + 1;
		this.learner.dispose();
		this.learner = candidate;
		return { ran: true, replaced: true, current, challenger, heldOut: held.length };
	}

	async save(): Promise<ModelArtifactsData> {
		this.lastSaved = await this.learner.save();
		return this.lastSaved;
	}

	/** After a backend change: rebuild the model on the new backend from the last saved weights. */
	async reload(): Promise<void> {
		const version = this.learner.version;
		const fresh = this.lastSaved ? await OnlineLearner.restore(this.lastSaved, version) : OnlineLearner.create(this.classIds.length);
		try {
			this.learner.dispose(); // its tensors lived on the backend that failed
		} catch {
			// A lost device may not even let go of its buffers; nothing more to do.
		}
		this.learner = fresh;
	}

	dispose(): void {
		this.learner.dispose();
	}

	private labelled(): Example[] {
		const out: Example[] = [];
		for (const s of this.samples.values()) {
			const label = s.classId ? this.classIds.indexOf(s.classId) : -1;
			if (label >= 0) out.push({ id: s.id, input: s.input, label });
		}
		return out;
	}
}
