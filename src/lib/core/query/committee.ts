import type { Candidate, QueryStrategy, Reason } from './strategy';
import { bestDistinct, entropyBits, topTwo } from './uncertainty';

/** How many members voted for each class (each member votes its most probable class). */
function voteCounts(candidate: Candidate, classes: number): number[] {
	const counts = Array<number>(classes).fill(0);
	for (const v of candidate.votes ?? []) counts[topTwo(v).first.classIndex]!++;
	return counts;
}

/** Vote entropy (Dagan & Engelson 1995): the committee's hard votes, as a distribution. */
function voteEntropy(candidate: Candidate): { score: number; reason: Reason } {
	const members = candidate.votes?.length ?? 0;
	if (members === 0) return { score: NaN, reason: { kind: 'random' } };
	const votes = voteCounts(candidate, candidate.probs.length);
	const disagreement = entropyBits(votes.map((n) => n / members));
	return { score: disagreement, reason: { kind: 'committee', votes, members, measure: 'vote-entropy', disagreement } };
}

/** Mean KL divergence of each member from the consensus (McCallum & Nigam 1998): soft disagreement. */
function klToConsensus(candidate: Candidate): { score: number; reason: Reason } {
	const votes = candidate.votes ?? [];
	if (votes.length === 0) return { score: NaN, reason: { kind: 'random' } };
	const classes = candidate.probs.length;
	const consensus = Array<number>(classes).fill(0);
	for (const v of votes) for (let c = 0; c < classes; c++) consensus[c]! += v[c]! / votes.length;
	let kl = 0;
	for (const v of votes)
		for (let c = 0; c < classes; c++) if (v[c]! > 0) kl += (v[c]! * Math.log2(v[c]! / Math.max(consensus[c]!, 1e-12))) / votes.length;
	return { score: kl, reason: { kind: 'committee', votes: voteCounts(candidate, classes), members: votes.length, measure: 'kl-to-consensus', disagreement: kl } };
}

/**
 * Query-by-committee: K small heads trained on bootstrap resamples of the labels vote on each sample;
 * ask where they disagree most. Ties on hard votes are broken by the soft disagreement.
 */
export const committeeVote: QueryStrategy = {
	id: 'committee-vote',
	name: 'Committee (vote entropy)',
	needs: { committee: true, embeddings: true },
	select(pool, k) {
		return bestDistinct(pool, k, (c) => {
			const hard = voteEntropy(c);
			return { score: hard.score + 1e-3 * klToConsensus(c).score, reason: hard.reason };
		});
	}
};

export const committeeKl: QueryStrategy = {
	id: 'committee-kl',
	name: 'Committee (KL to consensus)',
	needs: { committee: true, embeddings: true },
	select(pool, k) {
		return bestDistinct(pool, k, klToConsensus);
	}
};
