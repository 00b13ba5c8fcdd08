import { accuracy } from '../metrics/accuracy';
import { drive, nextTask } from '../model/drive';
import { topIndex } from '../metrics/top-class';
import { NO_LABEL, OnlineLearner, type Example } from '../model/online-learner';
import type { ModelContext } from './context';
import type { Lineage } from './lineage';
import type { SamplePool } from './pool';
import type { Scorer } from './scorer';
import type { Teaching } from './teaching';
import type { Judgement } from '../quality/teaching-history';
import type { LearnerControl, RefitOutcome, SyncNews } from './types';
import { HandOver } from './hand-over';
import { ModelChoice } from './model-choice';
import { poolLearning } from '../semi/registry';
import { poolTargets } from './pool-targets';
import type { PoolLearning } from '../semi/pool-learning';

/** A refit's held-out set must be at least this big to say anything. */
const MIN_HELD_OUT = 5;
const REFIT_EPOCHS = 12;
/** Passes over every label a refit's winner takes before it is put in place: the held-out fifth is learned too. */
const REFIT_FINISH_EPOCHS = 2;

/** A stable fifth of the samples, by id, so the held-out set does not change between refits. */
export function heldOutByRefit(id: string): boolean {
	let h = 2166136261;
	for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
	return (h >>> 0) % 5 === 0;
}

/**
 * How many acts' idle steps one practise takes at most: its own and those the acts before it cut off.
 * Without them a human labelling fast (each act cutting off the last one's steps before they began)
 * ended with a worse model than one labelling slowly, once both paused: the sounds demo after 9 keys
 * pressed as each new version showed was 59–100% right on the clips it suggested (6 runs, 4 under
 * 80%), and 100% when each act's steps were let finish (5 runs); owing them, 94–100% (8 runs). Four
 * acts' worth (96 steps) is made up within seconds to ~20 s of background steps on 2 cores, and a
 * human labelling all day never builds a debt that cannot be worked off.
 */
export const OWED_ACTS = 4;

/**
 * How the live model learns from the pool: the quick step the human waits for, the rest of it in the
 * background, the idle steps, passes over everything, a full refit when the human is idle, and the
 * held-out tally of labels judged before they were learned. Each `stop` is asked between steps: it
 * says the human acted, and the work gives way.
 */
export class Trainer {
	/** Frozen: acts are kept, nothing is learned until unfrozen (then the acts kept meanwhile are). */
	frozen = false;
	/** How the model did on labels before it learned them, since the last kept version: an honest held-out figure. */
	private unseen = { right: 0, total: 0 };
	/** How the idle steps learn from the unlabelled pool (core/semi), if at all. */
	private poolLearning: PoolLearning | undefined;
	/** Unlabelled samples the last idle steps learned from. */
	fromPool = 0;
	/** Idle steps owed by the acts so far and not yet taken (cut off by the next act, or not begun). */
	private idleStepsOwed = 0;
	/** The version a refit last put in place: only the judgements made from then on speak for the live model. */
	private refittedAt = -Infinity;
	readonly handOver: HandOver;
	/** A picture project's choice between the backbone's head and the small CNN, when measurement chooses (model-choice.ts). */
	readonly modelChoice: ModelChoice;

	constructor(
		private readonly context: ModelContext,
		private readonly pool: SamplePool,
		private readonly lineage: Lineage,
		private readonly scorer: Scorer,
		private readonly teaching: Teaching
	) {
		this.handOver = new HandOver(context, pool, lineage, scorer);
		this.modelChoice = new ModelChoice(context, pool, lineage, scorer);
	}

	/** The human's learning settings, from the next step on; true when this unfroze learning. */
	setControl({ frozen, poolLearning: choice, ...tuning }: LearnerControl): boolean {
		this.context.learner.configure(tuning);
		this.poolLearning = poolLearning(choice);
		if (!this.poolLearning) this.fromPool = 0;
		const unfrozen = this.frozen && !frozen;
		this.frozen = frozen;
		return unfrozen;
	}

	/** The quick first step of learning a sample: what the human waits for. It makes a new version. */
	async quickStep(sampleId: string): Promise<boolean> {
		const pool = this.pool.trainingPool();
		const example = pool.find((e) => e.id === sampleId);
		if (!example) return false;
		await this.context.learner.quickStep(example, pool);
		this.lineage.advance();
		return true;
	}

	/** The rest of learning those samples; false if it gave way (to the human's next act, or to freezing). */
	refine(sampleIds: readonly string[], stop: () => boolean): Promise<boolean> {
		return drive(this.refineSteps(sampleIds), () => this.frozen || stop());
	}

	/**
	 * The idle steps after an act (LearnerSettings.idleSteps) on random batches of what the model
	 * trains on, with samples from the unlabelled pool if the human lets it learn from them; none until
	 * two classes are labelled (a model taught one class would only grow surer of it everywhere), and
	 * none while frozen. Then the hand-over to a bigger network, when it is due. False if it did
	 * nothing or gave way.
	 */
	async practise(stop: () => boolean): Promise<boolean> {
		if (!this.canPractise()) return false;
		this.oweIdleSteps();
		return drive(this.practiseSteps(), () => this.frozen || stop());
	}

	/**
	 * What follows an act in the background, as steps a scheduler can run one at a time (pausing
	 * before each optimiser step): the act's refinement, then the idle steps. Frozen, it ends at once.
	 * Called when the human acts, before any step: the act's idle steps are owed from then on, taken
	 * by this task or, if the next act cuts it off (even before it starts), by the next one's.
	 */
	afterAct(sampleIds: readonly string[]): AsyncGenerator<void, void> {
		if (this.canPractise()) this.oweIdleSteps();
		return this.afterActSteps(sampleIds);
	}

	private async *afterActSteps(sampleIds: readonly string[]): AsyncGenerator<void, void> {
		for await (const _ of this.refineSteps(sampleIds)) {
			if (this.frozen) return;
			yield;
		}
		if (!this.canPractise()) return;
		for await (const _ of this.practiseSteps()) {
			if (this.frozen) return;
			yield;
		}
	}

	private async *refineSteps(sampleIds: readonly string[]): AsyncGenerator<void, void> {
		const pool = this.pool.trainingPool();
		for (const id of sampleIds) {
			const example = pool.find((e) => e.id === id);
			if (example) yield* this.context.learner.refineSteps(example, pool);
		}
	}

	/** Whether there are two labelled classes to practise on, and learning is not frozen. */
	private canPractise(): boolean {
		if (this.frozen) return false;
		// Read off the labelled ids (stopping at a second class), not by building every labelled example.
		let first: string | undefined;
		for (const id of this.pool.labelledSampleIds()) {
			const sample = this.pool.get(id);
			const classId = sample?.classId;
			if (!classId || !this.pool.isLabelled(id) || !this.context.inputOf(sample)) continue; // as labelled() counts them
			if (first === undefined) first = classId;
			else if (classId !== first) return true;
		}
		return false;
	}

	/** The idle steps, then the hand-over if it is due. */
	private async *practiseSteps(): AsyncGenerator<void, void> {
		const fromPool = await this.poolTargets();
		// A sample labelled meanwhile is learned as labelled: its pool target is dropped at once.
		const stillUnlabelled = () => fromPool.filter((e) => !this.pool.isLabelled(e.id));
		const { learner, architecture, settings } = this.context;
		const pool = this.pool.trainingPool();
		// A softmax regression is solved, not stepped: its idle steps would only head where the solve goes.
		if (architecture.convex) {
			yield* learner.solveSteps(pool, stillUnlabelled());
			this.idleStepsOwed = 0; // solved to the optimum: no step is owed
		} else {
			// One step at a time, counted once whole: a step cut off by the next act stays owed.
			while (this.idleStepsOwed > 0) {
				yield* learner.practiseSteps(pool, 1, stillUnlabelled);
				this.idleStepsOwed--;
			}
		}
		if (this.handOver.due) yield* this.handOver.steps();
	}

	/** A practise's own idle steps, added to those still owed (at most OWED_ACTS acts' worth). */
	private oweIdleSteps(): void {
		const { idleSteps } = this.context.settings;
		this.idleStepsOwed = Math.min(this.idleStepsOwed + idleSteps, OWED_ACTS * idleSteps);
	}

	/** Idle steps owed: the acts' own, less those taken (see OWED_ACTS). */
	get owedIdleSteps(): number {
		return this.idleStepsOwed;
	}

	/** What the idle steps learn from the unlabelled pool now (core/semi): nothing when switched off. */
	private async poolTargets(): Promise<Example[]> {
		const targets = this.poolLearning ? await poolTargets(this.poolLearning, this.context, this.pool, this.scorer) : [];
		this.fromPool = targets.length;
		return targets;
	}

	/** A pass over everything the model trains on, as steps for a scheduler (a new "always ignore" region); a new version once it ends. */
	async *passOverAll(): AsyncGenerator<void, void> {
		try {
			const pool = this.pool.trainingPool();
			if (pool.length > 0) yield* this.context.learner.fitSteps(pool, 1);
		} finally {
			this.lineage.advance();
		}
	}

	/**
	 * Many labels at once (an import, a relabel of many): `epochs` passes over everything the model
	 * trains on (a softmax regression is then solved, in the background), of which the first `now` steps are taken before the answer (a new version), and the
	 * rest handed back as background steps. A pool of a few hundred labels is done within `now`; a big
	 * one does not hold the human up for minutes.
	 */
	async learnMany(epochs: number, now: number): Promise<AsyncGenerator<void, void> | undefined> {
		const pool = this.pool.trainingPool();
		if (pool.length === 0) return undefined;
		const { learner, architecture } = this.context;
		const steps = learner.fitSteps(pool, epochs);
		let paused = await steps.next(); // to the pause before the first step
		for (let taken = 0; !paused.done && taken < now; taken++) {
			await nextTask();
			paused = await steps.next();
		}
		this.lineage.advance();
		if (!architecture.convex) return paused.done ? undefined : steps;
		// A softmax regression is then solved in the background, as after an act: the Adam steps alone
		// left a bulk import of labelled poses (4 of each class) at 50–75% on its own labels until the
		// next act. Solved now, it would hold the answer up: 2.9 s for 5,000 rows here.
		await steps.return();
		return learner.solveSteps(pool);
	}

	/** `epochs` passes over everything the model trains on (many labels at once, say); a new version even if it gave way. */
	async learnAll(epochs: number, stop: () => boolean): Promise<boolean> {
		const pool = this.pool.trainingPool();
		if (pool.length === 0) return true;
		const finished = await this.context.learner.fit(pool, epochs, stop);
		this.lineage.advance();
		return finished;
	}

	/**
	 * A fresh model trained on every labelled sample but a held-out fifth; it replaces the live model
	 * only if it answers more of that fifth rightly. Neither figure counts a label its model trained on:
	 * the fresh model never saw the held-out fifth, and the live model, which learned every label, is
	 * scored by how it answered each held-out label when the human gave it, before learning it (the
	 * teaching's record, judgeUnseen; after a refit, only the judgements made since). So the held-out
	 * fifth is of the labels judged that way; labels that came in bulk (an import) train the fresh
	 * model. A fresh model that wins then learns the held-out fifth too (REFIT_FINISH_EPOCHS) before it
	 * is put in place. Nothing while frozen. A model choice's check that is due (model-choice.ts)
	 * comes first, then a hand-over that is due (core/session/hand-over.ts): if either ran to its end,
	 * that is the refit.
	 */
	async refit(stop: () => boolean): Promise<RefitOutcome> {
		if (this.modelChoice.due && !this.frozen) {
			const before = this.modelChoice.last;
			await drive(this.modelChoice.steps(), stop);
			const check = this.modelChoice.last;
			if (check && check !== before) return { ran: true, replaced: check.chose === 'pixels', modelChoice: { ...check } };
		}
		if (this.handOver.due && !this.frozen) {
			const from = this.context.architecture;
			await drive(this.handOver.steps(), stop);
			const { last, lastCheck } = this.handOver;
			if (last?.version === this.lineage.version && lastCheck) {
				const handOver = { from: from.name, to: this.context.architecture.name, liveRight: lastCheck.live, nextRight: lastCheck.next, heldOut: lastCheck.labels };
				return { ran: true, replaced: true, handOver };
			}
		}
		// A softmax regression is solved after every act: a fresh one trained by steps could only do worse.
		if (this.context.architecture.convex) return { ran: false, replaced: false };
		const { held, liveRight } = this.refitHeldOut();
		const heldIds = new Set(held.map((e) => e.id));
		// Explanation feedback trains the candidate too: a refit must not forget where not to look.
		const train = this.pool.trainingPool().filter((e) => !heldIds.has(e.id));
		if (this.frozen || held.length < MIN_HELD_OUT || new Set(train.filter((e) => e.label !== NO_LABEL).map((e) => e.label)).size < 2) return { ran: false, replaced: false };
		const { settings, architecture, classIds } = this.context;
		const candidate = OnlineLearner.create(classIds.length, { ...settings, seed: settings.seed + this.pool.labelledCount }, architecture);
		if (!(await candidate.fit(train, REFIT_EPOCHS, stop))) {
			candidate.dispose();
			return { ran: false, replaced: false };
		}
		const [current, challenger] = [liveRight / held.length, await accuracy(candidate, held)];
		const outcome = { ran: true, current, challenger, heldOut: held.length };
		if (challenger <= current) {
			candidate.dispose();
			return { ...outcome, replaced: false };
		}
		await candidate.fit(this.pool.trainingPool(), REFIT_FINISH_EPOCHS, stop); // cut short, it is better already
		this.context.replace(candidate);
		this.lineage.advance();
		this.refittedAt = this.lineage.version;
		return { ...outcome, replaced: true };
	}

	/**
	 * The refit's held-out fifth (a stable fifth by id) of the labels the live model was judged on
	 * before it learned them, with their label as it is now, and how many of them it answered rightly then.
	 */
	private refitHeldOut(): { held: Example[]; liveRight: number } {
		const judged = new Map<string, Judgement>();
		for (const j of this.teaching.history.judged) if (j.version >= this.refittedAt) judged.set(j.sampleId, j); // the latest of each
		const { classIds } = this.context;
		const held = this.pool.labelled().filter((e) => heldOutByRefit(e.id) && judged.get(e.id)?.classId === classIds[e.label]);
		return { held, liveRight: held.filter((e) => judged.get(e.id)!.right).length };
	}

	/**
	 * Before learning new labels: did the model already get each right? Counts towards the next kept
	 * version's accuracy, and each is recorded with the model's raw probabilities (the teaching's
	 * record: the insights and the calibration rest on it). Returns the judgements.
	 */
	async judgeUnseen(labels: SyncNews['labels']): Promise<Judgement[]> {
		const { classIds } = this.context;
		if (classIds.length < 2) return [];
		const asked = new Map(labels.map(({ sampleId, classId }): [string, number] => [sampleId, this.context.classIndex(classId)]).filter(([, index]) => index >= 0));
		// The labels it had learned: those recorded, less the ones it is about to learn.
		const learned = Math.max(0, this.pool.labelledCount - asked.size);
		const judged: Judgement[] = [];
		for (const { id, raw } of await this.scorer.scoresOf([...asked.keys()])) {
			const index = asked.get(id)!;
			const right = topIndex(raw) === index;
			this.unseen.total++;
			if (right) this.unseen.right++;
			const judgement = { sampleId: id, classId: classIds[index]!, classIds, probs: raw.slice(), right, labels: learned, version: this.lineage.version, audit: !!this.pool.get(id)?.audit };
			this.teaching.judged(judgement);
			judged.push(judgement);
		}
		return judged;
	}

	/** The held-out figure since the last kept version, which starts a new count. */
	takeUnseenAccuracy(): { accuracy?: number; heldOut: number } {
		const { right, total } = this.unseen;
		this.unseen = { right: 0, total: 0 };
		return total ? { accuracy: right / total, heldOut: total } : { heldOut: 0 };
	}

	/** Accuracy on examples outside the session (benchmarks: a held-out split). */
	evaluate(examples: readonly Example[]): Promise<number> {
		return accuracy(this.context.learner, examples, this.context.classIds.length);
	}
}
