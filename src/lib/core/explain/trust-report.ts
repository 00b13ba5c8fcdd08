import type * as tf from '@tensorflow/tfjs';
import type { CounterfactualResult, TrustReport } from '../session/types';
import { counterfactual } from './counterfactual';
import { deletionCurves } from './deletion';
import type { Classifier, Explainer } from './explainer';
import { spearman } from './randomisation';

/**
 * "Is this explanation trustworthy?" on one sample: the map's rank correlation with the map of the same
 * model with random weights (Adebayo et al. 2018: near 0 is faithful, near 1 shows the input, not the
 * model), and its deletion and insertion curves against random orders (Petsiuk et al. 2018).
 */
export async function trustReport(explainer: Explainer, model: Classifier, randomised: Classifier, input: tf.Tensor, classIndex: number): Promise<TrustReport> {
	const map = await explainer.explain(model, input, classIndex, { seed: 1 });
	const randomMap = await explainer.explain(randomised, input, classIndex, { seed: 1 });
	const curves = await deletionCurves(model, input, classIndex, map, { seed: 1 });
	return {
		method: explainer.id,
		rankCorrelation: spearman(map, randomMap),
		deletion: curves.deletion,
		randomDeletion: curves.randomDeletion,
		insertion: curves.insertion,
		randomInsertion: curves.randomInsertion,
		deletionRatio: curves.deletionRatio
	};
}

/** The smallest change found that makes the model give `target`, as a 32x32 ink image (bytes). */
export async function counterfactualImage(model: Classifier, input: tf.Tensor, target: number): Promise<CounterfactualResult> {
	const found = await counterfactual(model, input, target);
	const image = Uint8Array.from(found.values, (v) => Math.round(v * 255));
	return { image, reached: found.reached, probability: found.probability, meanChange: found.meanChange };
}
