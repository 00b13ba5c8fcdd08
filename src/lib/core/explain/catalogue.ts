/**
 * The explainers by name, for the page: it lists them without loading tfjs (the explainers themselves
 * run in the learner worker). Must match registry.ts, which a unit test checks.
 */
export interface ExplainerEntry {
	id: string;
	name: string;
	/** Only a conv net can be explained this way (Grad-CAM), not a head on an imported extractor. */
	convOnly?: boolean;
}

export const EXPLAINER_CATALOGUE: readonly ExplainerEntry[] = [
	{ id: 'vanilla-gradient', name: 'Gradient' },
	{ id: 'gradient-input', name: 'Gradient × input' },
	{ id: 'smoothgrad', name: 'SmoothGrad' },
	{ id: 'integrated-gradients', name: 'Integrated gradients' },
	{ id: 'grad-cam', name: 'Grad-CAM', convOnly: true },
	{ id: 'occlusion', name: 'Occlusion' }
];

/** The fast map shown first while a slower chosen one is computed. */
export const FAST_EXPLAINER = 'vanilla-gradient';

/**
 * Chosen with the saliency bench (digits, the app's CNN, 50 test samples, WASM): occlusion's deletion
 * AUC is 0.12 of random order's (gradient 0.79, SmoothGrad 0.75, Grad-CAM 0.56, Integrated Gradients
 * 0.45, gradient x input 0.50) at 16 ms a map; its rank correlation with the map of a randomised model is
 * 0.28 (gradient 0.06, SmoothGrad 0.13, IG and gradient x input 0.83). The UI shows the gradient's 3 ms
 * map first and replaces it with this one when ready.
 */
export const DEFAULT_EXPLAINER = 'occlusion';

/**
 * The explainers offered for a spreadsheet row or a note (an MLP on a feature vector: nothing spatial
 * for Grad-CAM to weigh), the three first.
 */
export const ROW_EXPLAINERS: readonly string[] = ['gradient-input', 'integrated-gradients', 'occlusion', 'vanilla-gradient', 'smoothgrad'];

/**
 * Gradient × input for rows: with standardised columns an input of 0 is the column's mean, so a value
 * at the mean gets no credit, which is what "this value mattered" should mean; and on a note's hashed
 * vector it credits only the n-grams the note has. It costs one backward pass.
 */
export const DEFAULT_ROW_EXPLAINER = 'gradient-input';
