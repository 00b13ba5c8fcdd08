/**
 * When to suggest a break. A tired teacher gives answers that disagree with their own earlier ones,
 * and hurries: both are watched through a session (from opening the project), and a break is
 * suggested once, when either rule holds:
 * - agreement drops: of the session's newest RECENT_RECHECKS re-checks (all of them asked), at least
 *   two disagree with the earlier label;
 * - acts speed up: after at least MIN_ACTS acts, the median time per act of the newest WINDOW acts is
 *   under SPEED_UP of the median of the session's first WINDOW acts (a long pause is a break taken,
 *   not a time per act, and is left out).
 */
export const RECENT_RECHECKS = 4;
export const WINDOW = 20;
export const MIN_ACTS = 60;
export const SPEED_UP = 0.4;
/** A gap between acts longer than this is a pause, not a time per act. */
export const PAUSE_MS = 120_000;

export type BreakReason = 'agreement' | 'speed';

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Why a break is due (null: it is not), from the session's times per act (ms, in order) and re-check outcomes (in order). */
export function breakDue(actMs: readonly number[], rechecks: readonly boolean[]): BreakReason | null {
	const recent = rechecks.slice(-RECENT_RECHECKS);
	if (recent.length === RECENT_RECHECKS && recent.filter((agreed) => !agreed).length >= 2) return 'agreement';
	const times = actMs.filter((ms) => ms > 0 && ms < PAUSE_MS);
	if (times.length < MIN_ACTS) return null;
	return median(times.slice(-WINDOW)) < SPEED_UP * median(times.slice(0, WINDOW)) ? 'speed' : null;
}
