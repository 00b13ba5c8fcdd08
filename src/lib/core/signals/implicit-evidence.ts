import type { ImplicitSignal, SignalWeights } from '../types';

/** One implicit act on a sample: its signal, the class it concerns (null: none) and when. */
export interface ImplicitAct {
	signal: ImplicitSignal;
	classId: string | null;
	at: number;
}

/** Signals that say "this sample may be that class"; the rest (skip, ignore) say "probably not the class shown". */
const FOR_THE_CLASS: ReadonlySet<ImplicitSignal> = new Set(['accept', 'dwell', 'hover']);

const HOUR_MS = 3_600_000;

/** 0.5^(age / half-life): an old glance says less about what the human thinks now. A half-life <= 0 means no decay. */
export function decay(ageMs: number, halfLifeHours: number): number {
	if (!(halfLifeHours > 0)) return 1;
	return 0.5 ** (Math.max(0, ageMs) / HOUR_MS / halfLifeHours);
}

/**
 * The most implicit evidence one class can gather: a thumbs up or down, so implicit signals stay weak
 * by construction. With ratings switched off the label's weight bounds them instead, rather than
 * switching implicit signals off too (a weight of 0 turns off its own kind only).
 */
export function implicitCap(weights: SignalWeights): number {
	return weights.rating > 0 ? weights.rating : weights.label;
}

export interface ImplicitEvidence {
	positive: Record<string, number>;
	negative: Record<string, number>;
	/** The acts that weigh anything (a class and a weight above 0 after decay). */
	driving: ImplicitSignal[];
}

/**
 * Sums the decayed, weighted acts per class, for minus against; nets them (a class is either for or
 * against, never both) and caps each class at `implicitCap`.
 */
export function implicitEvidence(acts: readonly ImplicitAct[], weights: SignalWeights, now: number): ImplicitEvidence {
	const net = new Map<string, number>();
	const driving: ImplicitSignal[] = [];
	for (const act of acts) {
		const weight = weights[act.signal] * decay(now - act.at, weights.halfLifeHours);
		if (act.classId === null || !(weight > 0)) continue;
		net.set(act.classId, (net.get(act.classId) ?? 0) + (FOR_THE_CLASS.has(act.signal) ? weight : -weight));
		driving.push(act.signal);
	}
	const cap = implicitCap(weights);
	const evidence: ImplicitEvidence = { positive: {}, negative: {}, driving };
	for (const [classId, value] of net) {
		const capped = Math.min(Math.abs(value), cap);
		if (capped > 0) (value > 0 ? evidence.positive : evidence.negative)[classId] = capped;
	}
	return evidence;
}
