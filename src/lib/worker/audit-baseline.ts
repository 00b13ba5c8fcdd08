import type { Architecture, ModelInput } from '$lib/core/model/architecture';
import { OnlineLearner, type Example, type LearnerSettings } from '$lib/core/model/online-learner';

/**
 * Random picking's stand-in: a model of the live model's own kind that learns only from the random
 * audit picks, the same way the live model learns from every label. Its guess on each new audit pick
 * (made before the human answers) is what picking at random would have achieved with that many
 * labels; core/active/labels-saved.ts turns those guesses into "labels saved".
 */
export class AuditBaseline {
	private readonly learner: OnlineLearner;
	/** The class each audit pick was learned with, so a relabelled pick is learned again. */
	private readonly learned = new Map<string, number>();

	constructor(classes: number, settings: LearnerSettings, architecture: Architecture) {
		this.learner = OnlineLearner.create(classes, { ...settings, seed: settings.seed + 7919 }, architecture);
	}

	/** How many audit picks it has learned from. */
	get labels(): number {
		return this.learned.size;
	}

	/**
	 * Learns one audit pick it has not yet learned (or whose label changed), replaying the others;
	 * false when there was none left. One at a time, so the human's acts can go first in between.
	 */
	async learnNext(audits: readonly Example[], shouldStop: () => boolean): Promise<boolean> {
		for (const id of this.learned.keys()) if (!audits.some((e) => e.id === id)) this.learned.delete(id);
		const next = audits.find((e) => this.learned.get(e.id) !== e.label);
		if (!next) return false;
		this.learned.set(next.id, next.label);
		await this.learner.quickStep(next, audits);
		await this.learner.refine(next, audits, shouldStop);
		return true;
	}

	/** Its top class index for each input; null while it has learned nothing (its guess would be noise). */
	async guess(inputs: readonly ModelInput[], classes: number): Promise<(number | null)[]> {
		if (this.labels === 0) return inputs.map(() => null);
		const probs = await this.learner.predict(inputs);
		const width = this.learner.classes; // at least 2, even while the project has one class
		return inputs.map((_, i) => {
			let best = 0;
			for (let c = 1; c < classes; c++) if (probs[i * width + c]! > probs[i * width + best]!) best = c;
			return best;
		});
	}

	/** Follows the project's classes as the live model does (see OnlineLearner.remapClasses). */
	remapClasses(mapping: readonly (number | null)[]): void {
		this.learner.remapClasses(mapping);
		for (const [id, label] of this.learned) {
			const moved = mapping.indexOf(label);
			if (moved >= 0) this.learned.set(id, moved);
			else this.learned.delete(id);
		}
	}

	dispose(): void {
		this.learner.dispose();
	}
}
