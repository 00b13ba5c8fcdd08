import { topIndex } from '../metrics/top-class';
import { OnlineLearner } from '../model/online-learner';
import type { ModelContext } from './context';
import type { SamplePool } from './pool';
import type { SessionSample } from './types';

/** Set apart from the live model's seed, so the two never start alike. */
const SEED_OFFSET = 7919;

/**
 * Random picking's stand-in: a model of the live model's own kind that learns only from the random
 * audit picks, the same way the live model learns from every label. Its guess on each new audit pick
 * (made before the human answers) is what picking at random would have achieved with that many
 * labels; core/quality/labels-saved.ts turns those guesses into "labels saved".
 */
export class AuditBaseline {
	private learner: OnlineLearner;
	/** The class each audit pick was learned with, so a relabelled pick is learned again. */
	private readonly learned = new Map<string, number>();
	/** Quick steps taken: seeds the weights of classes added later. */
	private steps = 0;

	constructor(
		private readonly context: ModelContext,
		private readonly pool: SamplePool
	) {
		this.learner = this.fresh();
	}

	/** How many audit picks it has learned from. */
	get labels(): number {
		return this.learned.size;
	}

	/** Whether an audit pick waits to be learned: labelled or relabelled since, or no longer an audit pick. */
	get behind(): boolean {
		const audits = this.pool.auditPicks();
		return audits.length !== this.learned.size || audits.some((e) => this.learned.get(e.id) !== e.label);
	}

	/**
	 * Learns one audit pick it has not yet learned (or whose label changed), replaying the others;
	 * false when there was none left. One at a time, so the human's acts can go first in between.
	 */
	async learnNext(stop: () => boolean): Promise<boolean> {
		const audits = this.pool.auditPicks();
		for (const id of this.learned.keys()) if (!audits.some((e) => e.id === id)) this.learned.delete(id);
		const next = audits.find((e) => this.learned.get(e.id) !== e.label);
		if (!next) return false;
		this.learned.set(next.id, next.label);
		await this.learner.quickStep(next, audits);
		this.steps++;
		await this.learner.refine(next, audits, stop);
		return true;
	}

	/** What it guesses for each sample it can score, and how many audit picks that guess rests on; null while it has learned nothing. */
	async guesses(ids: readonly string[]): Promise<{ id: string; suggested: string | null; labels: number }[]> {
		const known = ids.map((id) => this.pool.get(id)).filter((s): s is SessionSample => !!s && !!this.context.inputOf(s));
		if (this.labels === 0) return known.map((s) => ({ id: s.id, suggested: null, labels: 0 }));
		const { classIds } = this.context;
		const probs = await this.learner.predict(known.map((s) => this.context.inputOf(s)!));
		const width = this.learner.classes; // at least 2, even while the project has one class
		return known.map((s, i) => ({ id: s.id, suggested: classIds[topIndex(probs, i * width, classIds.length)]!, labels: this.labels }));
	}

	/** Follows the project's classes as the live model does (see ModelContext.setClasses). */
	remapClasses(mapping: readonly (number | null)[]): void {
		this.learner.remapClasses(mapping, this.learner.settings.seed + this.steps);
		for (const [id, label] of this.learned) {
			const moved = mapping.indexOf(label);
			if (moved >= 0) this.learned.set(id, moved);
			else this.learned.delete(id);
		}
	}

	/** After a backend change: a fresh stand-in on the new backend, which learns the audit picks again as it is asked. */
	rebuild(): void {
		this.dispose();
		this.learner = this.fresh();
		this.learned.clear();
		this.steps = 0;
	}

	dispose(): void {
		try {
			this.learner.dispose();
		} catch {
			// A lost device may not even let go of its buffers.
		}
	}

	private fresh(): OnlineLearner {
		const { classIds, settings, architecture } = this.context;
		return OnlineLearner.create(classIds.length, { ...settings, seed: settings.seed + SEED_OFFSET }, architecture);
	}
}
