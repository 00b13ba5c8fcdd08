import type { Architecture, ModelInput } from '../model/architecture';
import type { LearnerSettings, OnlineLearner } from '../model/online-learner';
import type { Features } from './features';
import type { SessionSample } from './types';

/**
 * What every part of a project session shares: the live learner (replaced whole by a refit, a
 * rollback or a backend change), the class order of its outputs, and the imported extractor when the
 * project learns a head on one. The parts receive this one object, so a replacement reaches them all.
 */
export class ModelContext {
	private current: OnlineLearner;
	/** Revisions of the learners replaced so far, so that `revision` only ever goes up. */
	private retired = 0;

	constructor(
		learner: OnlineLearner,
		/** The class of each model output, in order. */
		public classIds: string[],
		private extractor: Features | undefined,
		/** Every network the project's versions can be: the live one's, and the one it hands over to (core/model/row-models.ts). */
		private networks: readonly Architecture[] = [learner.architecture]
	) {
		this.current = learner;
	}

	/** The extractor the model is a head on; undefined for a model on the pixels. */
	get features(): Features | undefined {
		return this.extractor;
	}

	/** Every network the project's versions can be: the live one's, and the one it hands over to (core/model/row-models.ts). */
	get family(): readonly Architecture[] {
		return this.networks;
	}

	get learner(): OnlineLearner {
		return this.current;
	}

	get settings(): LearnerSettings {
		return this.current.settings;
	}

	get architecture(): Architecture {
		return this.current.architecture;
	}

	/** Changes whenever the weights do, a replaced learner included: caches of the model's outputs are keyed by it. */
	get revision(): number {
		return this.retired + this.current.revision;
	}

	/** Whether the model sees the pixels (the from-scratch CNN), not an extractor's features: only then can it learn where to look. */
	get seesPixels(): boolean {
		return !this.features;
	}

	/** The extractor the model is a head for; undefined for the from-scratch CNN. */
	get backboneId(): string | undefined {
		return this.features?.id;
	}

	/** Puts `next` in place of the live learner and frees the old one. */
	replace(next: OnlineLearner): void {
		const old = this.current;
		this.retired += old.revision + 1;
		this.current = next;
		try {
			old.dispose();
		} catch {
			// After a backend failure a lost device may not even let go of its buffers; nothing more to do.
		}
	}

	/**
	 * Puts `next`, a network on the pixels, in place of a head on the extractor, which is freed: the
	 * model choice measured the pixels better (core/session/model-choice.ts).
	 */
	leaveExtractor(next: OnlineLearner, family: readonly Architecture[]): void {
		const extractor = this.extractor;
		this.extractor = undefined;
		this.networks = family;
		this.replace(next);
		extractor?.backbone.dispose();
	}

	/** What the model takes for a sample; undefined while an extractor has no features for it (its file would not decode). */
	inputOf(sample: SessionSample): ModelInput | undefined {
		return this.features ? this.features.cache.get(sample.id) : sample.input;
	}

	/** The output index of a class; -1 when the model has no such class. */
	classIndex(classId: string | null | undefined): number {
		return classId ? this.classIds.indexOf(classId) : -1;
	}

	/**
	 * Follows the project's class list, keeping what the model learned about each class that stays;
	 * `seed` initialises the new ones. Returns, for each new class, its old output index (null: new).
	 */
	setClasses(classIds: readonly string[], seed: number): (number | null)[] {
		const mapping = classIds.map((id) => {
			const old = this.classIds.indexOf(id);
			return old >= 0 ? old : null;
		});
		this.current.remapClasses(mapping, seed);
		this.classIds = [...classIds];
		return mapping;
	}
}
