import { auditedAccuracy } from '$lib/core/quality/audit-picks';
import { breakDue, type BreakReason } from '$lib/core/quality/pace';
import { chooseRecheck, DEFAULT_RECHECK_SHARE, recheckAgreement, recheckDue } from '$lib/core/quality/rechecks';
import { seededRandom } from '$lib/core/random';
import { watchRecheckAnswers } from '$lib/storage/review';
import { labelledIds } from '$lib/storage/sample-queries';
import { appErrors } from './errors.svelte';
import type { SampleIndex } from './teach/sample-index.svelte';

/** The newest labels of the session are not re-checked: the human still remembers them. */
const FRESH = 20;
/** Nor are the samples re-checked lately. */
const RECENT_RECHECKS = 10;

/**
 * Re-checks of the teacher (core/quality/rechecks.ts) and their pace: which question is a re-check,
 * of which sample, how often the human agreed with themselves (all the project's re-checks), and,
 * within this session, whether to suggest a break (core/quality/pace.ts), once.
 */
export class Rechecks {
	/** The re-check being asked now: its earlier answer is hidden. */
	current = $state<string | null>(null);
	/** Every re-check answered in the project: how often the answers agreed. */
	answers = $state.raw<{ agreed: boolean }[]>([]);
	/** Why a break is suggested now (null: it is not, or was already). */
	breakReason = $state<BreakReason | null>(null);
	private suggested = false;
	private ready: string | null = null;
	private preparing = false;
	/** The re-check answered last: the question after it is asked with it as the one answered. */
	private justAnswered: string | null = null;
	private asked = 0;
	private lastAct = performance.now();
	private readonly actMs: number[] = [];
	private readonly sessionAnswers: boolean[] = [];
	private readonly fresh: string[] = [];
	private readonly recent: string[] = [];
	private readonly random = seededRandom(Date.now() % 100_000);
	private readonly stop: () => void;

	constructor(
		private readonly projectId: string,
		private readonly index: SampleIndex,
		private readonly share: () => number | undefined
	) {
		this.stop = watchRecheckAnswers(projectId, (events) => (this.answers = events), (error) => appErrors.show(error));
	}

	/** Agreement over the project's re-checks, with its 95% interval; null before the first. */
	get agreement() {
		const { agreed, n } = recheckAgreement(this.answers);
		return n ? { agreed, n, interval: auditedAccuracy(agreed, n)! } : null;
	}

	/**
	 * The human answered an ordinary question (`sampleId`): counted for the pace and the share. Returns
	 * the re-check to ask next, when one is due and ready (one is made ready a question ahead).
	 */
	answered(sampleId: string): string | null {
		if (sampleId === this.justAnswered) return (this.justAnswered = null); // a re-check's own answer is no ordinary question
		const now = performance.now();
		this.actMs.push(now - this.lastAct);
		this.lastAct = now;
		this.fresh.push(sampleId);
		if (this.fresh.length > FRESH) this.fresh.shift();
		this.asked++;
		this.checkPace();
		return this.take();
	}

	/** The re-check to ask instead of the queue's next question, if one is due and ready. */
	private take(): string | null {
		const share = this.share() ?? DEFAULT_RECHECK_SHARE;
		if (recheckDue(this.asked + 1, share) && !this.ready && !this.preparing) void this.prepare();
		if (!recheckDue(this.asked, share) || !this.ready || !this.index.get(this.ready)?.classId) return null;
		[this.current, this.ready] = [this.ready, null];
		return this.current;
	}

	/** The current re-check was answered (stored by the act): the count starts again. */
	recheckAnswered(sampleId: string, agreed: boolean): void {
		this.sessionAnswers.push(agreed);
		this.recent.push(sampleId);
		if (this.recent.length > RECENT_RECHECKS) this.recent.shift();
		[this.current, this.justAnswered, this.asked, this.lastAct] = [null, sampleId, 0, performance.now()];
		this.checkPace();
	}

	/** The human closed the break suggestion: it is not made again this session. */
	dismissBreak(): void {
		this.breakReason = null;
	}

	destroy(): void {
		this.stop();
	}

	private checkPace(): void {
		if (this.suggested) return;
		const reason = breakDue(this.actMs, this.sessionAnswers);
		if (reason) [this.breakReason, this.suggested] = [reason, true];
	}

	/** Chooses the next re-check among the labelled samples (their ids alone), and reads it. */
	private async prepare(): Promise<void> {
		this.preparing = true;
		try {
			const labelled = await labelledIds(this.projectId);
			// The freshest labels, but never more than half of them: a small project still gets re-checks.
			const fresh = this.fresh.slice(Math.max(0, this.fresh.length - Math.floor(labelled.length / 2)));
			const id = chooseRecheck(labelled, new Set([...fresh, ...this.recent]), this.random);
			if (id) await this.index.ensure([id]);
			this.ready = id && !this.index.get(id)?.recheck ? id : null;
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.preparing = false;
		}
	}
}
