import type { QueuedPick } from '../quality/audit-picks';
import type { Candidate } from './strategy';

/** At most this share of the queue's slots go to samples unlike anything taught: the strategy keeps the rest. */
const SHARE = 0.25;

/**
 * Puts the samples over the novelty threshold at the head of the queue, most novel first, each with its
 * own reason: what the model was never taught must go to the human rather than be guessed. A quarter of
 * the slots at most (at least one), so a project full of new kinds of sample still learns its classes.
 */
export function untaughtFirst(picks: readonly QueuedPick[], pool: readonly Candidate[], k: number, threshold: number): QueuedPick[] {
	const slots = Math.max(1, Math.floor(k * SHARE));
	const novel = pool
		.filter((c) => (c.novelty ?? NaN) > threshold)
		.sort((a, b) => b.novelty! - a.novelty!)
		.slice(0, slots)
		.map((c): QueuedPick => ({ id: c.id, score: c.novelty!, reason: { kind: 'untaught', novelty: c.novelty! }, audit: false }));
	if (novel.length === 0) return [...picks];
	const escalated = new Set(novel.map((p) => p.id));
	return [...novel, ...picks.filter((p) => !escalated.has(p.id))].slice(0, k);
}
