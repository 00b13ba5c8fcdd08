import { OnlineLearner, type Example } from '$lib/core/model/online-learner';
import type { Architecture } from '$lib/core/model/architecture';
import type { LearnerSettings } from '$lib/core/model/online-learner';
import type { ModelArtifactsData } from '$lib/core/types';

/** A stored version to compare, as the UI loaded it from the database. */
export interface ComparedModel {
	version: number;
	artifacts: ModelArtifactsData;
	classIds: string[];
}

export interface VersionDifference {
	sampleId: string;
	/** The human's label. */
	classId: string;
	a: { classId: string; p: number };
	b: { classId: string; p: number };
}

export interface VersionComparison {
	a: { version: number; accuracy: number };
	b: { version: number; accuracy: number };
	labelled: number;
	/** The labelled samples on which the two versions' top classes differ. */
	differences: VersionDifference[];
}

/** Each example's top class and its probability under one saved version, by class id. */
async function topClasses(model: ComparedModel, examples: readonly Example[], settings: LearnerSettings, architecture: Architecture) {
	const learner = await OnlineLearner.restore(model.artifacts, model.version, settings, architecture);
	try {
		const probs = await learner.predict(examples.map((e) => e.input));
		const width = learner.classes;
		return examples.map((_, i) => {
			let best = 0;
			for (let c = 1; c < Math.min(width, model.classIds.length); c++) if (probs[i * width + c]! > probs[i * width + best]!) best = c;
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
	a: ComparedModel,
	b: ComparedModel,
	examples: readonly Example[],
	labelOf: (e: Example) => string,
	settings: LearnerSettings,
	architecture: Architecture
): Promise<VersionComparison> {
	const [topA, topB] = [await topClasses(a, examples, settings, architecture), await topClasses(b, examples, settings, architecture)];
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
