import { FIT_WINDOW, fitTemperature, MIN_FIT, type Calibration } from '../quality/calibration';
import { MAX_REFERENCE, taughtReference, type TaughtReference } from '../quality/novelty';
import { addAct, addJudgement, addMarker, emptyHistory, type ActKind, type Judgement, type MarkerKind, type TeachingHistory } from '../quality/teaching-history';
import { sample, seededRandom } from '../random';

export { MAX_REFERENCE };

/**
 * The session's record of the teaching (core/quality/teaching-history.ts) and what follows from it
 * for every score the model gives: the calibration in force, and the labelled embeddings novelty is
 * measured against. Both are brought up to date in the background after acts (`review`); a score made
 * in between uses the ones before, which differ by at most an act.
 */
export class Teaching {
	readonly history: TeachingHistory;
	private calibrationNow: Calibration;
	/** The labelled samples novelty is measured against; null while too few are labelled. */
	reference: TaughtReference | null = null;

	constructor(saved?: TeachingHistory) {
		this.history = saved ? structuredClone(saved) : emptyHistory();
		this.calibrationNow = { temperature: this.history.temperature, labels: 0, fittedOn: this.history.fittedOn };
	}

	/** The calibration for a model that has learned `labels` human labels: the same object while nothing changes (caches compare it). */
	calibration(labels: number): Calibration {
		if (this.calibrationNow.labels !== labels) this.calibrationNow = { ...this.calibrationNow, labels };
		return this.calibrationNow;
	}

	judged(judgement: Judgement): void {
		addJudgement(this.history, judgement);
	}

	acted(kind: ActKind): void {
		addAct(this.history, kind);
	}

	marked(kind: MarkerKind, labels: number, version: number): void {
		addMarker(this.history, kind, labels, version);
	}

	/**
	 * Refits the temperature on the judged labels and rebuilds the novelty reference from the labelled
	 * samples' embeddings and inputs (sampled down to MAX_REFERENCE by the caller). Cheap: a few milliseconds.
	 */
	review(labelled: { embeddings: readonly Float32Array[]; inputs: readonly unknown[] }, classes: number): void {
		const judged = this.history.judged.map((j) => ({ probs: j.probs, label: j.classIds.indexOf(j.classId), audit: j.audit })).filter((j) => j.label >= 0);
		const temperature = fitTemperature(judged);
		this.history.temperature = temperature;
		this.history.fittedOn = judged.length >= MIN_FIT ? Math.min(judged.length, FIT_WINDOW) : 0;
		if (temperature !== this.calibrationNow.temperature) this.calibrationNow = { ...this.calibrationNow, temperature, fittedOn: this.history.fittedOn };
		this.reference = taughtReference(labelled.embeddings, labelled.inputs, classes);
	}
}

/** Up to MAX_REFERENCE of the labelled ids, the same ones while the labelled set stays the same. */
export function referenceSample(ids: readonly string[]): readonly string[] {
	return ids.length > MAX_REFERENCE ? sample(ids, MAX_REFERENCE, seededRandom(ids.length)) : ids;
}
