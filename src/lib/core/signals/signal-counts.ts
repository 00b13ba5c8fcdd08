import type { ImplicitSignal, Rating } from '../types';

/** Every kind of signal the fusion tells apart; a `sample.reject` counts as a thumbs `down`. */
export type SignalKind = 'label' | Rating | ImplicitSignal;

export const SIGNAL_KINDS: readonly SignalKind[] = ['label', 'up', 'down', 'more', 'less', 'accept', 'dwell', 'hover', 'skip', 'ignore'];

export type SignalCounts = Record<SignalKind, number>;

/**
 * `seen`: the signals on stored samples (labels: samples labelled now; ratings and implicit signals:
 * acts in the log). `driving`: those that shape a training target, so not overridden by a stronger
 * kind, not replaced by a later rating of the same class, and not weighted 0.
 */
export interface FusionCounts {
	seen: SignalCounts;
	driving: SignalCounts;
}

export function emptyCounts(): SignalCounts {
	return Object.fromEntries(SIGNAL_KINDS.map((kind) => [kind, 0])) as SignalCounts;
}
