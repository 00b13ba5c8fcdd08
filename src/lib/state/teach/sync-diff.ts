import { penaltyMask } from '$lib/core/explain/masks';
import type { LearnerControl, SessionSample, SignalTarget, SyncRequest } from '$lib/core/session/types';
import type { ExplanationMask, Sample } from '$lib/core/types';

/** What the learner has been told, so the next sync sends only what changed since. */
export interface LearnerKnows {
	/** Each sample's label (null: none). */
	labels: ReadonlyMap<string, string | null>;
	/** When each sample's explanation feedback last changed (0: none). */
	attention: ReadonlyMap<string, number>;
	regionAt: number;
	classIds: readonly string[];
	signals: ReadonlyMap<string, { key: string; at: number }>;
	/** The learning settings, as JSON. */
	control: string;
}

export const knowsNothing = (): LearnerKnows => ({ labels: new Map(), attention: new Map(), regionAt: 0, classIds: [], signals: new Map(), control: '' });

/** The project as the database has it now, and what the learner already has of it. */
export interface DatabaseNow {
	samples: readonly Sample[];
	classIds: string[];
	ignoreRegion: ExplanationMask | null;
	/** What ratings and implicit signals say about unlabelled samples (state/signals.svelte.ts). */
	signals: ReadonlyMap<string, SignalTarget>;
	control: LearnerControl;
	/** Send each sample's stored image too: the model runs on an imported extractor. */
	withImages: boolean;
	/** The learner has the project open; otherwise this sync opens it. */
	opened: boolean;
	/** Labels and feedback given up to then are in the saved model the learner opens with (Infinity once open). */
	learnedUntil: number;
	/** Signals given up to then are in that saved model. */
	signalsLearnedUntil: number;
}

export interface SyncDiff {
	request: SyncRequest;
	/** Whether the request says anything the learner does not know (settings aside). */
	news: boolean;
	/** Whether it asks the learner to learn something (the status says "learning…" meanwhile). */
	learns: boolean;
	controlChanged: boolean;
	/** The newest sample change, and the newest signal, that the request covers. */
	syncedThrough: number;
	signalsThrough: number;
	/** What the learner knows once it has the request. */
	knows: LearnerKnows;
}

/** What the learner penalises for a sample's explanation feedback (1 = should not matter). */
export function maskOf(sample: Sample): Uint8Array | undefined {
	return sample.attention && penaltyMask(sample.attention.painted, sample.attention.mode);
}

/** A random audit pick the human labelled (the audit baseline learns from these alone). */
export const isAudit = (sample: Sample) => !!sample.classId && !!sample.labelledFrom?.audit;

/** A sample as the learner needs it; null when it has nothing the model can take. */
export function toSession(sample: Sample, withImage: boolean): SessionSample | null {
	const input = sample.input ?? sample.features; // a picture's 32x32 ink, or a row's or a note's features
	if (!input) return null;
	return { id: sample.id, input, classId: sample.classId, audit: isAudit(sample), blob: withImage ? sample.blob : undefined, mask: maskOf(sample) };
}

const rounded = (values: Record<string, number>) => Object.entries(values).map(([c, w]) => `${c}:${w.toFixed(3)}`).join();

/**
 * The sync that brings the learner from what it knows to what the database holds: new, changed and
 * removed samples, labels, feedback, the region, the classes, signals and the settings. A sample new
 * to the learner (it is opening) has its label, feedback and signals learned only when given after
 * the saved model was: older ones are in the weights already. Pure: nothing is changed.
 */
export function diffSync(knows: LearnerKnows, now: DatabaseNow): SyncDiff {
	const request: Required<Pick<SyncRequest, 'upserts' | 'removed' | 'labels' | 'masks' | 'signals'>> & SyncRequest = { upserts: [], removed: [], labels: [], masks: [], signals: [] };
	const labels = new Map<string, string | null>();
	const attention = new Map<string, number>();
	let syncedThrough = -Infinity;
	for (const sample of now.samples) {
		syncedThrough = Math.max(syncedThrough, sample.updatedAt);
		const label = sample.classId ?? null;
		const change = { sampleId: sample.id, classId: label, audit: isAudit(sample) };
		if (!knows.labels.has(sample.id)) {
			const s = toSession(sample, now.withImages);
			const learned = label !== null && sample.updatedAt <= now.learnedUntil;
			if (s) request.upserts.push({ ...s, classId: learned ? label ?? undefined : undefined });
			if (label && !learned) request.labels.push(change);
		} else if (knows.labels.get(sample.id) !== label) {
			request.labels.push(change);
		}
		labels.set(sample.id, label);
		const attentionAt = sample.attention?.at ?? 0;
		const seenAt = knows.attention.get(sample.id);
		if (seenAt === undefined ? attentionAt > now.learnedUntil : attentionAt !== seenAt) request.masks.push({ sampleId: sample.id, mask: maskOf(sample) ?? null });
		attention.set(sample.id, attentionAt);
	}
	for (const id of knows.labels.keys()) if (!labels.has(id)) request.removed.push(id);
	const regionAt = now.ignoreRegion?.at ?? 0;
	// Changed while open: learn it; found on opening: learn it only if the saved model predates it.
	if (regionAt !== knows.regionAt) request.ignoreRegion = { mask: now.ignoreRegion?.painted ?? null, learn: now.opened || regionAt > now.learnedUntil };
	if (now.classIds.join() !== knows.classIds.join()) request.classIds = now.classIds;
	const { signals, signalsThrough } = signalChanges(knows.signals, now, request.signals);
	const control = JSON.stringify(now.control);
	const learns = request.labels.length > 0 || request.masks.length > 0 || request.signals.some((t) => t.learn) || !!request.ignoreRegion?.learn;
	const news = !!request.classIds || request.upserts.length > 0 || request.removed.length > 0 || request.labels.length > 0 || request.masks.length > 0 || request.signals.length > 0 || !!request.ignoreRegion;
	return {
		request,
		news,
		learns,
		controlChanged: control !== knows.control,
		syncedThrough,
		signalsThrough,
		knows: { labels, attention, regionAt, classIds: now.classIds, signals, control }
	};
}

/**
 * The signal targets that changed since the learner last heard (null: gone). A target is learned
 * when a new signal arrived; a weight that faded or was changed in settings only updates it.
 */
function signalChanges(known: LearnerKnows['signals'], now: DatabaseNow, changes: NonNullable<SyncRequest['signals']>) {
	const signals = new Map<string, { key: string; at: number }>();
	let signalsThrough = -Infinity;
	for (const [sampleId, target] of now.signals) {
		const key = `${rounded(target.positive)}|${rounded(target.negative)}`;
		const seen = known.get(sampleId);
		signals.set(sampleId, { key, at: target.at });
		if (seen?.key === key && seen.at === target.at) continue;
		// New to the learner (it just opened): learned only if given after the saved model was.
		changes.push({ sampleId, target, learn: target.at > (seen?.at ?? now.signalsLearnedUntil) });
		signalsThrough = Math.max(signalsThrough, target.at);
	}
	for (const sampleId of known.keys()) if (!now.signals.has(sampleId)) changes.push({ sampleId, target: null, learn: false });
	return { signals, signalsThrough };
}
