import { explainerById } from '$lib/core/explain/registry';
import { inputBatch, INPUT_SIDE } from '$lib/core/model/image-input';
import { nearest } from '$lib/core/model/neighbours';
import { OnlineLearner, type Example } from '$lib/core/model/online-learner';
import type { ModelArtifactsData } from '$lib/core/types';
import type { NeighbourInfo, SessionSample, Suggestion } from './protocol';

const TOP = 3;

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

	static async open(classIds: string[], samples: SessionSample[], model?: { artifacts: ModelArtifactsData; version: number }): Promise<ProjectSession> {
		let learner = model ? await OnlineLearner.restore(model.artifacts, model.version) : OnlineLearner.create(classIds.length);
		if (learner.classes !== Math.max(2, classIds.length)) {
			learner.dispose();
			learner = OnlineLearner.create(classIds.length);
		}
		const session = new ProjectSession(learner, classIds);
		session.lastSaved = model?.artifacts;
		for (const s of samples) session.samples.set(s.id, s);
		return session;
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
		const input = inputBatch([sample.input]);
		try {
			const map = await explainerById(method).explain(this.learner.network, input, this.classIds.indexOf(top.ranked[0].classId), { seed: 1 });
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

	async save(): Promise<ModelArtifactsData> {
		this.lastSaved = await this.learner.save();
		return this.lastSaved;
	}

	/** After a backend change: rebuild the model on the new backend from the last saved weights. */
	async reload(): Promise<void> {
		const version = this.learner.version;
		const fresh = this.lastSaved ? await OnlineLearner.restore(this.lastSaved, version) : OnlineLearner.create(this.classIds.length);
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
