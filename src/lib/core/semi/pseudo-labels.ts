import { topIndex } from '../metrics/top-class';
import { labelledClasses, pickTargets, type PoolLearning } from './pool-learning';

/**
 * The model's own answer must be at least this sure (raw, before calibration) to be learned: FixMatch's
 * threshold (Sohn et al. 2020), where its pseudo-labels are mostly right even early on.
 */
export const PSEUDO_THRESHOLD = 0.95;

/**
 * Pseudo-labels (Lee 2013; FixMatch's confidence threshold): each unlabelled sample the model is very
 * sure of is learned as that class, at a third of a label's weight, on a randomly varied copy where the
 * architecture varies its inputs (the image CNN's shifts), so it learns to give the same answer there.
 */
export const pseudoLabels: PoolLearning = {
	id: 'pseudo-labels',
	name: 'Pseudo-labels',
	samples: `the unlabelled samples it is at least ${Math.round(PSEUDO_THRESHOLD * 100)}% sure of`,
	targets(view) {
		const classes = labelledClasses(view);
		if (classes.size < 2) return [];
		const candidates = view.unlabelled.flatMap((sample) => {
			const label = topIndex(sample.raw);
			const confidence = sample.raw[label]!;
			return confidence >= PSEUDO_THRESHOLD && classes.has(label) ? [{ sample, label, confidence }] : [];
		});
		return pickTargets(view, candidates);
	}
};
