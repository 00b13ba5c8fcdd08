import type { QueuedPick } from '../quality/audit-picks';
import type { Candidate } from './strategy';

/** At most this share of the queue's slots go to samples unlike anything taught: the strategy keeps the rest. */
const SHARE = 0.25;
const EVERY = 4;

/**
 * Puts the samples over the novelty threshold into the queue, the most novel at its head and the
 * rest every fourth slot, each with its own reason: what the model was never taught must go to the
 * human rather than be guessed. A quarter of the slots at most (at least one), so a project full of
 * new kinds of sample still learns its classes.
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
	const rest = picks.filter((p) => !escalated.has(p.id));
	const out: QueuedPick[] = [];
	while (out.length < k && (novel.length || rest.length)) out.push((out.length % EVERY === 0 && novel.shift()) || rest.shift() || novel.shift()!);
	return out;
}
