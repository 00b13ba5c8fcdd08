import { withAudits, type QueuedPick } from '../quality/audit-picks';
import { sample, seededRandom } from '../random';
import type { ProjectSession } from '../session/project-session';
import { DEFAULT_NOVELTY_THRESHOLD, type ActiveLearningSettings } from '../types';
import { chooseCandidates, MAX_CANDIDATES } from './candidates';
import { Committee } from './committee-heads';
import { typicalityOnBackend } from './density-backend';
import { DEFAULT_STRATEGY, strategyById } from './registry';
import type { Candidate } from './strategy';
import { isPreAccepted } from './threshold';
import { untaughtFirst } from './untaught-first';

/** Samples scored per job when a ranking must score some first: between chunks, an act the human makes goes first. */
export const RANK_CHUNK = 64; // as RESCORE_CHUNK (core/session/scorer.ts), and for the same reason
/** Samples never scored yet that a ranking scores itself (the rest wait for the background re-scoring). */
const SCORE_UNSCORED = 4 * RANK_CHUNK;

export interface RankRequest {
	strategyId: string;
	/** How many to queue. */
	k: number;
	/** The share of queue slots given to random audit picks (0..1). */
	auditShare: number;
	seed: number;
	/** The queue's picks now: kept among the candidates when a big pool is ranked from a subset. */
	previous?: readonly string[];
	/** At most this many candidates for strategies that compare samples (chooseCandidates); Infinity ranks the whole pool. */
	candidates?: number;
	/** Only these samples may be queued (a slice the human wants more labels in); unset: the whole pool. */
	within?: readonly string[];
	/** The queue's thresholds, to count the samples whose suggestion stands as the model's label, and to put the novel first. */
	thresholds?: Pick<ActiveLearningSettings, 'threshold' | 'classThresholds' | 'noveltyThreshold'>;
}

export interface RankResult {
	picks: QueuedPick[];
	/** The weights the ranking began with (ModelContext.revision). */
	revision: number;
	poolSize: number;
	/** Unlabelled samples whose suggestion is at or above the threshold (when thresholds were given). */
	preAccepted: number;
	/** How many classes had human labels when it ranked (the model's labels wait for two). */
	labelledClasses: number;
}

/** Runs one piece of work on the session, in turn with everything else the session is asked to do. */
export type SessionRunner = <T>(work: (s: ProjectSession) => Promise<T>) => Promise<T>;

/**
 * Ranks the unlabelled pool with a query strategy, from each sample's latest scores: those of the
 * current weights where the background re-scoring has reached them (what the page shows is scored
 * with the act), else of the weights an act or a few ago, so the queue's head is there at once after
 * an act even in a pool of 50,000; the page ranks again when the re-scoring is done. Samples never
 * scored are scored here, a chunk per job (acts go first between), up to SCORE_UNSCORED. Gives up
 * (null) if the model changes meanwhile.
 */
export async function rankPool(run: SessionRunner, request: RankRequest): Promise<RankResult | null> {
	let strategy = strategyById(request.strategyId);
	const { ids, revision, unscored } = await run(async (s) => {
		const within = request.within && new Set(request.within);
		const ids = within ? s.pool.unlabelledIds().filter((id) => within.has(id)) : s.pool.unlabelledIds();
		return { ids, revision: s.context.revision, unscored: s.scorer.unscored([...ids, ...s.pool.labelled().map((e) => e.id)]) };
	});
	const toScore = unscored.length > SCORE_UNSCORED ? sample(unscored, SCORE_UNSCORED, seededRandom(request.seed)) : unscored;
	for (let i = 0; i < toScore.length; i += RANK_CHUNK) {
		const scored = await run(async (s) => s.context.revision === revision && (await s.scorer.scoresOf(toScore.slice(i, i + RANK_CHUNK)), true));
		if (!scored) return null;
	}
	const ranked = await run(async (s) => {
		if (s.context.revision !== revision) return null; // an act came in between: the next ranking replaces this one
		const pool: readonly Candidate[] = await s.scorer.cachedScoresOf(ids);
		const examples = s.pool.labelled();
		const some = examples.length > MAX_CANDIDATES ? sample(examples, MAX_CANDIDATES, seededRandom(request.seed + 1)) : examples;
		const scored = await s.scorer.latestScoresOf(some.map((e) => e.id));
		const classIds = s.context.classIds;
		const thresholds = request.thresholds && { ...request.thresholds, strategy: '', auditShare: 0 };
		const labelledClasses = new Set(examples.map((e) => e.label)).size;
		const preAccepted = thresholds ? pool.filter((c) => isPreAccepted(topOf(c.probs, classIds), thresholds, labelledClasses, c.novelty)).length : 0;
		return { pool, labelled: scored.map((d) => d.embedding), labels: some.map((e) => e.label), labelCount: examples.length, classes: classIds.length, preAccepted, labelledClasses };
	});
	if (!ranked) return null;
	const { pool, labelled, labels, labelCount, classes, preAccepted, labelledClasses } = ranked;
	// A committee needs labels of two classes to disagree about; until then the default asks.
	if (strategy.needs.committee && new Set(labels).size < 2) strategy = strategyById(DEFAULT_STRATEGY);
	const compares = strategy.needs.embeddings || strategy.needs.committee;
	// The candidates a ranking adds votes or typicality to are its own copies: the scorer's are shared.
	const candidates = compares ? chooseCandidates(pool, request.candidates ?? MAX_CANDIDATES, request.previous ?? [], request.seed).map((c) => ({ ...c })) : pool;
	if (strategy.needs.committee) {
		const committee = await run(() => Committee.train(labelled, labels, classes, request.seed));
		try {
			for (let i = 0; i < candidates.length; i += RANK_CHUNK) {
				const chunk = candidates.slice(i, i + RANK_CHUNK);
				const votes = await run(() => committee.vote(chunk.map((c) => c.embedding!)));
				chunk.forEach((c, j) => (c.votes = votes[j]));
			}
		} finally {
			committee.dispose();
		}
	}
	const context = { labelled, labelCount, classes, seed: request.seed };
	if (strategy.needs.typicality?.(context)) {
		const typical = await typicalityOnBackend(candidates, request.seed, (work) => run(() => work()));
		for (const c of candidates) c.typicality = typical.get(c.id);
	}
	const chosen = withAudits(strategy.select(candidates, request.k, context), ids, request.k, request.auditShare, request.seed);
	const picks = request.thresholds && labelledClasses >= 2 ? untaughtFirst(chosen, pool, request.k, request.thresholds.noveltyThreshold ?? DEFAULT_NOVELTY_THRESHOLD) : chosen;
	await withBaselineGuesses(run, picks);
	return { picks, revision, poolSize: ids.length, preAccepted, labelledClasses };
}

/** A candidate's top class, as the threshold is asked about it. */
function topOf(probs: Float32Array, classIds: readonly string[]): { classId: string; p: number } | undefined {
	let best = -1;
	for (let c = 0; c < classIds.length; c++) if (best < 0 || probs[c]! > probs[best]!) best = c;
	return best < 0 ? undefined : { classId: classIds[best]!, p: probs[best]! };
}

/**
 * Each audit pick also carries the audit baseline's guess, made before the human answers, and how
 * many audit picks that guess rests on. The baseline learns the audit picks in the background after
 * the acts that label them (worker/sync-runner.ts), not here: learning one costs a training step, and
 * the queue is shown after every act.
 */
async function withBaselineGuesses(run: SessionRunner, picks: QueuedPick[]) {
	const audits = picks.filter((p) => p.audit);
	if (audits.length === 0) return;
	const guesses = await run((s) => s.baseline.guesses(audits.map((p) => p.id)));
	for (const guess of guesses) {
		const pick = audits.find((p) => p.id === guess.id)!;
		pick.baseline = { suggested: guess.suggested, labels: guess.labels };
	}
}
