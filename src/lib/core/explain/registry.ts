import type { Classifier, Explainer } from './explainer';
import { gradCam } from './grad-cam';
import { gradientInput } from './gradient-input';
import { integratedGradients } from './integrated-gradients';
import { occlusion } from './occlusion';
import { smoothGrad } from './smoothgrad';
import { vanillaGradient } from './vanilla-gradient';

/** Every explainer the app offers, in the order the UI lists them. Add new ones here. */
export const EXPLAINERS: readonly Explainer[] = [vanillaGradient, gradientInput, smoothGrad, integratedGradients, gradCam, occlusion];

export { DEFAULT_EXPLAINER } from './catalogue';

export function explainerById(id: string): Explainer {
	const found = EXPLAINERS.find((e) => e.id === id);
	if (!found) throw new Error(`No explainer "${id}"`);
	return found;
}

/** The explainers that can explain `model` (Grad-CAM only a conv net), in the registry's order. */
export function explainersFor(model: Classifier): Explainer[] {
	return EXPLAINERS.filter((e) => !e.appliesTo || e.appliesTo(model));
}
