import { fuseSignals, type FusionCounts } from '$lib/core/signals/fusion';
import { emptyCounts } from '$lib/core/signals/signal-counts';
import type { ImplicitSignal, Rating, StoredEvent } from '$lib/core/types';
import { rateSample, recordSignal, watchSignalEvents } from '$lib/storage/signals';
import type { SignalTarget } from '$lib/core/session/types';
import { appErrors } from './errors.svelte';
import type { TeachState } from './teach/teach.svelte';

/** Looked at this long without an act, a suggestion counts as "dwelt on". */
export const DWELL_MS = 3000;
/** Left sooner than this without an act, it counts as ignored. */
export const GLANCE_MS = 700;

/**
 * Ratings and implicit signals: each is an event first (durable), then fused with the labels into
 * weighted targets (core/signals/fusion.ts) that the learner trains on. Implicit signals are read
 * from what the human does with the focused sample: how long they looked, whether they acted.
 */
export class SignalsState {
	counts = $state.raw<FusionCounts>({ seen: emptyCounts(), driving: emptyCounts() });
	private events: StoredEvent[] = [];
	private focus: { id: string; since: number; label: string | undefined; acted: boolean } | null = null;
	private readonly stops: (() => void)[] = [];

	constructor(private readonly teach: TeachState, projectId: string) {
		this.stops.push(
			watchSignalEvents(projectId, (events) => ((this.events = events), this.fuse()), (error) => appErrors.show(error)),
			$effect.root(() => {
				$effect(() => this.fuse()); // the signalled samples' labels and the weights decide the targets
				$effect(() => this.focusMoved(teach.focusId));
			})
		);
	}

	/** Thumbs up/down or more/less like this, on the focused sample's top suggestion. */
	async rate(rating: Rating, sampleId = this.teach.focusId): Promise<void> {
		const top = sampleId ? this.teach.suggestions.get(sampleId)?.ranked[0] : undefined;
		if (!sampleId || !top) return;
		if (this.focus?.id === sampleId) this.focus.acted = true;
		try {
			const stored = await rateSample(sampleId, top.classId, rating, this.teach.version);
			// Learned now, not when the live query reports the record a moment later (it then finds nothing new).
			this.events = [...this.events, stored];
			this.fuse(true);
		} catch (error) {
			appErrors.show(error);
		}
	}

	/** "Skip": not now. Recorded, and the next sample comes up. */
	async skip(): Promise<void> {
		const sampleId = this.teach.focusId;
		if (!sampleId) return;
		if (this.focus) this.focus.acted = true;
		await this.record(sampleId, 'skip', this.teach.suggestions.get(sampleId)?.ranked[0]?.classId ?? null);
		this.teach.focusId = this.teach.nextToAsk(sampleId) ?? sampleId;
	}

	/** The pointer rested on another class's button without choosing it. */
	hover(classId: string): void {
		const sampleId = this.teach.focusId;
		const top = sampleId ? this.teach.suggestions.get(sampleId)?.ranked[0] : undefined;
		if (sampleId && top && top.classId !== classId) void this.record(sampleId, 'hover', classId);
	}

	destroy(): void {
		this.focusMoved(null);
		for (const stop of this.stops) stop();
	}

	/** When focus leaves a sample the human did nothing to: a long look is a dwell (or, pre-accepted, an accept), a glance is ignoring it. */
	private focusMoved(next: string | null): void {
		const left = this.focus;
		const sample = left && this.teach.sample(left.id);
		if (left && sample && left.id !== next && !left.acted && sample.classId === left.label && !sample.classId) {
			const ms = performance.now() - left.since;
			const top = this.teach.suggestions.get(left.id)?.ranked[0]?.classId ?? null;
			const kind: ImplicitSignal | null = ms >= DWELL_MS ? (this.teach.isPreAccepted(left.id) ? 'accept' : 'dwell') : ms < GLANCE_MS ? 'ignore' : null;
			if (kind && top) void this.record(left.id, kind, top, ms);
		}
		if (left?.id === next) return;
		const focused = next ? this.teach.sample(next) : undefined;
		this.focus = next ? { id: next, since: performance.now(), label: focused?.classId, acted: false } : null;
	}

	private async record(sampleId: string, signal: ImplicitSignal, classId: string | null, ms?: number): Promise<void> {
		try {
			await recordSignal(sampleId, signal, classId, this.teach.version, ms);
		} catch (error) {
			appErrors.show(error);
		}
	}

	/**
	 * Fuses the log and the labels of the samples it names; hands the learner the targets of unlabelled
	 * samples, relative to a label's weight (`act`: a rating, which background work gives way to).
	 */
	private fuse(act = false): void {
		const weights = this.teach.control.signalWeights;
		const named = new Set(this.events.flatMap((e) => ('sampleId' in e && e.sampleId ? [e.sampleId] : [])));
		const labels = new Map([...named].map((id) => [id, this.teach.sample(id)?.classId]));
		const { targets, counts } = fuseSignals({ events: this.events, labels, weights, now: Date.now() });
		this.counts = counts;
		const relative = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([c, w]) => [c, w / (weights.label || 1)]));
		const latest = new Map<string, number>();
		for (const e of this.events) if ('sampleId' in e && e.sampleId) latest.set(e.sampleId, Math.max(latest.get(e.sampleId) ?? 0, e.at));
		const unlabelled = new Map<string, SignalTarget>();
		for (const t of targets.values()) {
			if (t.kind !== 'label') unlabelled.set(t.sampleId, { positive: relative(t.positive), negative: relative(t.negative), at: latest.get(t.sampleId) ?? 0 });
		}
		this.teach.setSignalTargets(unlabelled, act);
	}
}
