import { withAudits, type QueuedPick } from '../quality/audit-picks';
import type { ProjectSession } from '../session/project-session';
import { Committee } from './committee-heads';
import { DEFAULT_STRATEGY, strategyById } from './registry';
import type { Candidate } from './strategy';

/** Samples scored per job: between chunks, an act the human makes goes first. */
export const RANK_CHUNK = 512;

export interface RankRequest {
	strategyId: string;
	/** How many to queue. */
	k: number;
	/** The share of queue slots given to random audit picks (0..1). */
	auditShare: number;
	seed: number;
}

export interface RankResult {
	picks: QueuedPick[];
	/** The weights the picks were ranked with (ModelContext.revision); stale once it differs from the latest. */
	revision: number;
	poolSize: number;
}

/** Runs one piece of work on the session, in turn with everything else the session is asked to do. */
export type SessionRunner = <T>(work: (s: ProjectSession) => Promise<T>) => Promise<T>;

/**
 * Ranks the unlabelled pool with a query strategy, a chunk per session job so acts are never stuck
 * behind a big pool; gives up (null) if the model changes meanwhile, since the next ranking replaces
 * it. `stop` says the human acted: the audit baseline's learning gives way.
 */
export async function rankPool(run: SessionRunner, request: RankRequest, stop: () => boolean = () => false): Promise<RankResult | null> {
	let strategy = strategyById(request.strategyId);
	const { ids, revision } = await run(async (s) => ({ ids: s.pool.unlabelledIds(), revision: s.context.revision }));
	const candidates: Candidate[] = [];
	for (let i = 0; i < ids.length; i += RANK_CHUNK) {
		const chunk = await run(async (s) => (s.context.revision === revision ? s.scorer.scoresOf(ids.slice(i, i + RANK_CHUNK)) : null));
		if (!chunk) return null;
		candidates.push(...chunk);
	}
	const { labelled, labels, classes } = await run(async (s) => {
		const examples = s.pool.labelled();
		const scored = await s.scorer.scoresOf(examples.map((e) => e.id));
		return { labelled: scored.map((d) => d.embedding), labels: examples.map((e) => e.label), classes: s.context.classIds.length };
	});
	// A committee needs labels of two classes to disagree about; until then the default asks.
	if (strategy.needs.committee && new Set(labels).size < 2) strategy = strategyById(DEFAULT_STRATEGY);
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
	if (await run(async (s) => s.context.revision !== revision)) return null;
	const context = { labelled, labelCount: labelled.length, classes, seed: request.seed };
	const ranked = strategy.select(candidates, request.k, context);
	const picks = withAudits(ranked, ids, request.k, request.auditShare, request.seed);
	await withBaselineGuesses(run, picks, stop);
	return { picks, revision, poolSize: ids.length };
}

/**
 * Each audit pick also carries the audit baseline's guess, made before the human answers: brought up
 * to date on the audit picks labelled so far, one per job so the human's acts go first in between.
 */
async function withBaselineGuesses(run: SessionRunner, picks: QueuedPick[], stop: () => boolean) {
	const audits = picks.filter((p) => p.audit);
	if (audits.length === 0) return;
	while (await run((s) => s.baseline.learnNext(stop)));
	const guesses = await run((s) => s.baseline.guesses(audits.map((p) => p.id)));
	for (const guess of guesses) {
		const pick = audits.find((p) => p.id === guess.id)!;
		pick.baseline = { suggested: guess.suggested, labels: guess.labels };
	}
}
