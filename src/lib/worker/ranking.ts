import { withAudits, type QueuedPick } from '$lib/core/active/audit';
import { Committee } from '$lib/core/active/committee-heads';
import { DEFAULT_STRATEGY, strategyById } from '$lib/core/active/registry';
import type { Candidate } from '$lib/core/active/strategy';
import type { ProjectSession } from './session';

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
	/** The weights the picks were ranked with; stale once it differs from the latest. */
	stamp: number;
	poolSize: number;
}

/**
 * Ranks the unlabelled pool with a query strategy, a chunk per session job so acts are never stuck
 * behind a big pool; gives up (null) if the model changes meanwhile, since the next ranking replaces it.
 */
export async function rankPool(
	onSession: <T>(work: (s: ProjectSession) => Promise<T>) => Promise<T>,
	request: RankRequest,
	stamp: () => number,
	shouldStop: () => boolean = () => false
): Promise<RankResult | null> {
	let strategy = strategyById(request.strategyId);
	const started = stamp();
	const ids = await onSession(async (s) => s.unlabelledIds());
	const candidates: Candidate[] = [];
	for (let i = 0; i < ids.length; i += RANK_CHUNK) {
		const chunk = await onSession((s) => s.describe(ids.slice(i, i + RANK_CHUNK)));
		if (stamp() !== started) return null;
		candidates.push(...chunk);
	}
	const { labelled, labels, classes } = await onSession(async (s) => {
		const examples = s.labelledExamples();
		const described = await s.describe(examples.map((e) => e.id));
		return { labelled: described.map((d) => d.embedding), labels: examples.map((e) => e.label), classes: s.classOrder.length };
	});
	// A committee needs labels of two classes to disagree about; until then the default asks.
	if (strategy.needs.committee && new Set(labels).size < 2) strategy = strategyById(DEFAULT_STRATEGY);
	if (strategy.needs.committee) {
		const committee = await onSession(() => Committee.train(labelled, labels, classes, request.seed));
		try {
			for (let i = 0; i < candidates.length; i += RANK_CHUNK) {
				const chunk = candidates.slice(i, i + RANK_CHUNK);
				const votes = await onSession(() => committee.vote(chunk.map((c) => c.embedding!)));
				chunk.forEach((c, j) => (c.votes = votes[j]));
			}
		} finally {
			committee.dispose();
		}
	}
	if (stamp() !== started) return null;
	const context = { labelled, labelCount: labelled.length, classes, seed: request.seed };
	const ranked = strategy.select(candidates, request.k, context);
	const picks = withAudits(ranked, ids, request.k, request.auditShare, request.seed);
	await withBaselineGuesses(onSession, picks, shouldStop);
	return { picks, stamp: started, poolSize: ids.length };
}

/**
 * Each audit pick also carries the audit baseline's guess, made before the human answers: brought up
 * to date on the audit picks labelled so far, one per job so the human's acts go first in between.
 */
async function withBaselineGuesses(onSession: <T>(work: (s: ProjectSession) => Promise<T>) => Promise<T>, picks: QueuedPick[], shouldStop: () => boolean) {
	const audits = picks.filter((p) => p.audit);
	if (audits.length === 0) return;
	while (await onSession((s) => s.learnAuditBaseline(shouldStop)));
	const guesses = await onSession((s) => s.baselineGuesses(audits.map((p) => p.id)));
	for (const guess of guesses) {
		const pick = audits.find((p) => p.id === guess.id)!;
		pick.baseline = { suggested: guess.suggested, labels: guess.labels };
	}
}
