import { topIndex } from '../metrics/top-class';
import type { Architecture } from '../model/architecture';
import { OnlineLearner, type Example, type LearnerSettings } from '../model/online-learner';
import type { RankedClass, StoredModel, VersionComparison, VersionDifference } from './types';

/** Each example's top class and its probability under one stored version, by class id. */
async function topClassesUnder(model: StoredModel, examples: readonly Example[], settings: LearnerSettings, family: readonly Architecture[]): Promise<RankedClass[]> {
	const learner = await OnlineLearner.restoreIn(model.artifacts, settings, family);
	if (!learner) throw new Error(`version ${model.version} is not a network this project learns with`);
	try {
		const probs = await learner.predict(examples.map((e) => e.input));
		const width = learner.classes;
		return examples.map((_, i) => {
			const best = topIndex(probs, i * width, Math.min(width, model.classIds.length));
			return { classId: model.classIds[best] ?? '', p: probs[i * width + best]! };
		});
	} finally {
		learner.dispose();
	}
}

/**
 * Two versions' predictions on the labelled set: each one's accuracy there, and the samples where
 * their top classes differ. `labelOf` maps an example back to its class id.
 */
export async function compareVersions(
	a: StoredModel,
	b: StoredModel,
	examples: readonly Example[],
	labelOf: (e: Example) => string,
	settings: LearnerSettings,
	family: readonly Architecture[]
): Promise<VersionComparison> {
	const [topA, topB] = [await topClassesUnder(a, examples, settings, family), await topClassesUnder(b, examples, settings, family)];
	const differences: VersionDifference[] = [];
	let [rightA, rightB] = [0, 0];
	examples.forEach((e, i) => {
		const label = labelOf(e);
		if (topA[i]!.classId === label) rightA++;
		if (topB[i]!.classId === label) rightB++;
		if (topA[i]!.classId !== topB[i]!.classId) differences.push({ sampleId: e.id, classId: label, a: topA[i]!, b: topB[i]! });
	});
	const share = (right: number) => (examples.length ? right / examples.length : NaN);
	return { a: { version: a.version, accuracy: share(rightA) }, b: { version: b.version, accuracy: share(rightB) }, labelled: examples.length, differences };
}
