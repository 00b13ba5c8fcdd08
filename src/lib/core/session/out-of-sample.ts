import type { Architecture } from '../model/architecture';
import { OnlineLearner, type Example, type LearnerSettings } from '../model/online-learner';

/** Folds of the labelled samples: each is predicted by a model trained on the others. */
export const FOLDS = 5;

/** A sample's fold, stable by id, so the folds do not change as labels are added. */
export function foldOf(id: string, folds = FOLDS): number {
	let h = 2166136261;
	for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
	return (h >>> 0) % folds;
}

/**
 * Out-of-sample class probabilities of labelled examples (what confident learning needs, see
 * core/quality/label-issues.ts): K fresh models of the project's kind, each trained (`epochs`, or solved: OnlineLearner.learn) on
 * every fold but one and asked about that one. Null if `stop` said so (the human acted) before the
 * end; each model is freed as soon as it has answered.
 */
export async function outOfSampleProbs(
	examples: readonly Example[],
	{ classes, settings, architecture, epochs, folds = FOLDS }: { classes: number; settings: LearnerSettings; architecture: Architecture; epochs: number; folds?: number },
	stop: () => boolean = () => false
): Promise<Map<string, Float32Array> | null> {
	const out = new Map<string, Float32Array>();
	for (let fold = 0; fold < folds; fold++) {
		const held = examples.filter((e) => foldOf(e.id, folds) === fold);
		if (held.length === 0) continue;
		const model = OnlineLearner.create(classes, { ...settings, seed: settings.seed + fold }, architecture);
		try {
			if (!(await model.learn(examples.filter((e) => foldOf(e.id, folds) !== fold), epochs, stop))) return null;
			const probs = await model.predict(held.map((e) => e.input));
			const width = model.classes;
			held.forEach((e, i) => out.set(e.id, probs.slice(i * width, i * width + classes)));
		} finally {
			model.dispose();
		}
	}
	return out;
}
