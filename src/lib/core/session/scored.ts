// One sample's scores as the scorer caches them: made once per forward pass, brought up to date in place when the calibration or the novelty reference changes (core/session/scorer.ts).
import { calibrate, type Calibration } from '../quality/calibration';
import { novelty, type TaughtReference } from '../quality/novelty';

/** One sample's class probabilities (one per class, calibrated: what is shown, thresholded and queued) and its embedding. */
export interface Scores {
	probs: Float32Array;
	/** The model's own probabilities, before calibration: what calibration is fitted on. */
	raw: Float32Array;
	/** The extractor's features, or the CNN's penultimate layer: what likeness is measured by. */
	embedding: Float32Array;
	/** How unlike the labelled samples it is (core/quality/novelty.ts); NaN while too few are labelled. */
	novelty: number;
}

export interface Cached {
	/** One per model output. */
	outputs: Float32Array;
	/** The weights (ModelContext.revision) and the version they were scored with, and the class of each output then. */
	revision: number;
	version: number;
	classIds: readonly string[];
	/** Its scores in those classes, made once: a ranking of 50,000 reads them all, and must not allocate 50,000 views. */
	view: { id: string } & Scores;
	/** The calibration `view.probs` was made with: made again, in place, when another is in force. */
	calibration: Calibration;
	/** The novelty reference `view.novelty` was measured against (core/session/teaching.ts). */
	reference: TaughtReference | null;
}

/** A sample's scores from one forward pass, calibrated and measured for novelty as things stand. */
export function scored(
	id: string,
	outputs: Float32Array,
	embedding: Float32Array,
	input: unknown,
	made: Pick<Cached, 'revision' | 'version' | 'classIds'>,
	calibration: Calibration,
	reference: TaughtReference | null
): Cached {
	const raw = outputs.subarray(0, made.classIds.length);
	const view = { id, probs: calibrate(raw, calibration), raw, embedding, novelty: reference ? novelty(reference, embedding, input) : NaN };
	return { outputs, ...made, view, calibration, reference };
}

/**
 * A cached sample's view, its probabilities calibrated with `calibration` (again, in place, if they
 * were made with another), and, given the reference in force and the sample's input, its novelty
 * measured again if the reference changed since (a few samples at a time: the whole pool's is
 * measured again as it is re-scored).
 */
export function upToDate(cached: Cached, calibration: Calibration, remeasure?: { reference: TaughtReference | null; input: unknown }): { id: string } & Scores {
	if (cached.calibration !== calibration) {
		calibrate(cached.view.raw, calibration, cached.view.probs);
		cached.calibration = calibration;
	}
	if (remeasure && cached.reference !== remeasure.reference) {
		const { reference, input } = remeasure;
		cached.view.novelty = reference ? novelty(reference, cached.view.embedding, input) : NaN;
		cached.reference = reference;
	}
	return cached.view;
}
