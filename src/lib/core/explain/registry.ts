import type { Explainer } from './explainer';
import { smoothGrad } from './smoothgrad';
import { vanillaGradient } from './vanilla-gradient';

/** Every explainer the app offers, in the order the UI lists them. Add new ones here. */
export const EXPLAINERS: readonly Explainer[] = [vanillaGradient, smoothGrad];

/** The default is the fast one, so a map shows the moment a suggestion does. */
export const DEFAULT_EXPLAINER = vanillaGradient.id;

export function explainerById(id: string): Explainer {
	const found = EXPLAINERS.find((e) => e.id === id);
	if (!found) throw new Error(`No explainer "${id}"`);
	return found;
}
