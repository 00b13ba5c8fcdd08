import { seededRandom } from '../random';
import type { BaselineGuess, Sample } from '../types';
import type { Picked } from '../query/strategy';

/** The share of queries that are random audit picks unless the human sets another. */
export const DEFAULT_AUDIT_SHARE = 0.1;

export interface QueuedPick extends Picked {
	/** A random pick: its outcome estimates accuracy without the strategy's bias. */
	audit: boolean;
	/** For an audit pick: the audit baseline's guess and how many audit picks it had learned from. */
	baseline?: BaselineGuess;
}

/**
 * Mixes random audit picks into a strategy's ranking: each of the `k` slots is, with probability
 * `share`, a uniformly random sample from the pool instead of the strategy's next pick. Seeded, so the
 * queue does not reshuffle itself between renders.
 */
export function withAudits(ranked: readonly Picked[], poolIds: readonly string[], k: number, share: number, seed: number): QueuedPick[] {
	const random = seededRandom(seed ^ 0x5bd1e995);
	const out: QueuedPick[] = [];
	const used = new Set<string>();
	let next = 0;
	while (out.length < k) {
		const audit = random() < share;
		if (audit) {
			const free = poolIds.filter((id) => !used.has(id));
			if (free.length > 0) {
				const id = free[Math.floor(random() * free.length)]!;
				out.push({ id, score: 0, reason: { kind: 'random' }, audit: true });
				used.add(id);
				continue;
			}
		}
		while (next < ranked.length && used.has(ranked[next]!.id)) next++;
		if (next >= ranked.length) {
			if (!audit && poolIds.some((id) => !used.has(id)) && share > 0) continue;
			break;
		}
		out.push({ ...ranked[next]!, audit: false });
		used.add(ranked[next]!.id);
	}
	return out;
}

/** An accuracy estimate with its 95% Wilson interval, from `right` of `n` audit outcomes. */
export function auditedAccuracy(right: number, n: number): { estimate: number; low: number; high: number; n: number } | null {
	if (n === 0) return null;
	const z = 1.96;
	const p = right / n;
	const denominator = 1 + z ** 2 / n;
	const centre = (p + z ** 2 / (2 * n)) / denominator;
	const half = (z * Math.sqrt((p * (1 - p)) / n + z ** 2 / (4 * n ** 2))) / denominator;
	return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), n };
}

export interface AuditOutcomes {
	/** Audit picks the human labelled, and how many of them the model had right. */
	n: number;
	right: number;
	/** Samples with a human label, audit or not. */
	labels: number;
}

/** A sample the human labelled when the queue asked it as a random audit pick. */
export function isAuditPick(sample: Pick<Sample, 'classId' | 'labelledFrom'>): boolean {
	return !!sample.classId && !!sample.labelledFrom?.audit;
}

/**
 * What the random audit picks say about the model: each labelled audit pick counts once, by its
 * current label, and is right when the human's class is the one the model suggested. `labels` is how
 * many samples the human has labelled in all.
 */
export function auditOutcomes(picks: readonly Pick<Sample, 'classId' | 'labelledFrom'>[], labels: number): AuditOutcomes {
	const audits = picks.filter(isAuditPick);
	return { n: audits.length, right: audits.filter((s) => s.labelledFrom!.suggested === s.classId).length, labels };
}
