import { toSession } from '$lib/core/session/session-sample';
import type { LearnerControl, SessionSample, SignalTarget, SyncRequest } from '$lib/core/session/types';
import type { ExplanationMask, Sample } from '$lib/core/types';

/**
 * What the learner has been told of the project apart from its samples (it compares samples itself,
 * with what it holds), so the next sync sends only what changed since.
 */
export interface LearnerKnows {
	regionAt: number;
	classIds: readonly string[];
	signals: ReadonlyMap<string, { key: string; at: number }>;
	/** The learning settings, as JSON. */
	control: string;
}

export const knowsNothing = (): LearnerKnows => ({ regionAt: 0, classIds: [], signals: new Map(), control: '' });

/** The project as the database has it now: the samples that changed since the last sync, and the rest of what the learner follows. */
export interface DatabaseNow {
	changed: readonly Sample[];
	classIds: string[];
	ignoreRegion: ExplanationMask | null;
	/** What ratings and implicit signals say about unlabelled samples (state/signals.svelte.ts). */
	signals: ReadonlyMap<string, SignalTarget>;
	control: LearnerControl;
	/** Send each sample's stored image too: the model runs on an imported extractor. */
	withImages: boolean;
	/** The learner has the project open; otherwise this sync is its first. */
	opened: boolean;
	/** Labels, feedback and signals given up to then are in the saved model the learner opened with. */
	learnedUntil: number;
}

export interface SyncDiff {
	request: SyncRequest;
	/** Whether the request says anything the learner may not know (settings aside). */
	news: boolean;
	/** Whether it may have something to learn (the status says "learning…" meanwhile). */
	learns: boolean;
	controlChanged: boolean;
	/** The newest change the request carries. */
	through: number;
	/** What the learner knows once it has the request. */
	knows: LearnerKnows;
}

const rounded = (values: Record<string, number>) => Object.entries(values).map(([c, w]) => `${c}:${w.toFixed(3)}`).join();

/**
 * The sync that brings the learner up to date: the changed samples as they are now, the region, the
 * classes, the signals and the settings that changed. A region or a signal the learner meets for
 * the first time (it is opening) is learned only when given after the saved model was: older ones
 * are in the weights already. Pure: nothing is changed.
 */
export function diffSync(knows: LearnerKnows, now: DatabaseNow): SyncDiff {
	const changed = now.changed.map((s) => toSession(s, now.withImages)).filter((s): s is SessionSample => !!s);
	const request: SyncRequest & Required<Pick<SyncRequest, 'changed' | 'signals'>> = { changed, signals: [] };
	const regionAt = now.ignoreRegion?.at ?? 0;
	// Changed while open: learn it; found on opening: learn it only if the saved model predates it.
	if (regionAt !== knows.regionAt) request.ignoreRegion = { mask: now.ignoreRegion?.painted ?? null, learn: now.opened || regionAt > now.learnedUntil };
	if (now.classIds.join() !== knows.classIds.join()) request.classIds = now.classIds;
	const signals = signalChanges(knows.signals, now, request.signals);
	const control = JSON.stringify(now.control);
	const through = Math.max(
		now.changed.reduce((t, s) => Math.max(t, s.updatedAt), -Infinity),
		request.signals.reduce((t, s) => Math.max(t, s.target?.at ?? -Infinity), -Infinity)
	);
	return {
		request,
		news: changed.length > 0 || !!request.classIds || request.signals.length > 0 || !!request.ignoreRegion,
		learns: changed.some((s) => s.classId || s.mask) || request.signals.some((t) => t.learn) || !!request.ignoreRegion?.learn,
		controlChanged: control !== knows.control,
		through,
		knows: { regionAt, classIds: now.classIds, signals, control }
	};
}

/**
 * The signal targets that changed since the learner last heard (null: gone). A target is learned
 * when a new signal arrived; a weight that faded or was changed in settings only updates it.
 */
function signalChanges(known: LearnerKnows['signals'], now: DatabaseNow, changes: NonNullable<SyncRequest['signals']>) {
	const signals = new Map<string, { key: string; at: number }>();
	for (const [sampleId, target] of now.signals) {
		const key = `${rounded(target.positive)}|${rounded(target.negative)}`;
		const seen = known.get(sampleId);
		signals.set(sampleId, { key, at: target.at });
		if (seen?.key === key && seen.at === target.at) continue;
		// New to the learner (it just opened): learned only if given after the saved model was.
		changes.push({ sampleId, target, learn: target.at > (seen?.at ?? now.learnedUntil) });
	}
	for (const sampleId of known.keys()) if (!now.signals.has(sampleId)) changes.push({ sampleId, target: null, learn: false });
	return signals;
}
