import { penaltyMask } from '$lib/core/explain/masks';
import type { ControlSettings, ExplanationMask, LabelClass, LabelVia, OverrideReason, ProjectKind, QueryOrigin, Sample, SampleAttention } from '$lib/core/types';
import type { TabularSchema } from '$lib/core/data/tabular-schema';
import { TEXT_WIDTH } from '$lib/core/model/text-hashing';
import { controlOf } from '$lib/storage/control';
import { clearExplanation, paintExplanation } from '$lib/storage/explanations';
import { watchClasses } from '$lib/storage/classes';
import { loadBackbone } from '$lib/storage/backbones';
import { latestModel, saveCurrentModel } from '$lib/storage/models';
import { watchProject } from '$lib/storage/projects';
import { labelSample, labelSamples, rejectSuggestion, watchSamples } from '$lib/storage/samples';
import * as Comlink from 'comlink';
import type { LearnerClient } from '$lib/worker/client';
import type { CounterfactualResult, LearnerControl, RowModel, LiveResult, NeighbourInfo, SessionSample, SignalTarget, SnapshotModel, Suggestion, SyncRequest, SyncResult, TrustReport } from '$lib/worker/protocol';
import type { RankRequest, RankResult } from '$lib/worker/ranking';
import type { ComparedModel, VersionComparison } from '$lib/worker/compare-versions';
import type { QueueState } from './queue.svelte';
import { appErrors } from './errors.svelte';
import { learner } from './learner.svelte';
import { UndoHistory, type Act } from './history.svelte';

/** Below this confidence a suggestion is marked so the eye goes to it. */
export const LOW_CONFIDENCE = 0.6;
const SAVE_AFTER_MS = 400;
/** How long the human must be idle before a full refit runs in the background. */
const REFIT_AFTER_MS = 6000;

/** A sample as the learner needs it; the image file too when the model runs on an imported extractor. */
function toSession(sample: Sample, withImage: boolean): SessionSample | null {
	const input = sample.input ?? sample.features; // a picture's 32x32 ink, or a row's or a note's features
	if (!input) return null;
	return { id: sample.id, input, classId: sample.classId, audit: isAudit(sample), blob: withImage ? sample.blob : undefined, mask: maskOf(sample) };
}

/** What the learner penalises for a sample's explanation feedback (1 = should not matter). */
function maskOf(sample: Sample): Uint8Array | undefined {
	return sample.attention && penaltyMask(sample.attention.painted, sample.attention.mode);
}

/** A random audit pick the human labelled (the audit baseline learns from these alone). */
const isAudit = (sample: Sample) => !!sample.classId && !!sample.labelledFrom?.audit;

/**
 * The teach loop of one project: what the database holds, what the model suggests, and the human's
 * acts. Acts are written to the database first; the learner follows the database (by diff), so a
 * label from an import, another tab or an undo teaches the same way as a key press.
 */
export class TeachState {
	// Raw state: these lists are replaced whole on every change, so deep proxies of hundreds of
	// samples would be work on the main thread for nothing.
	classes = $state.raw<LabelClass[]>([]);
	samples = $state.raw<Sample[]>([]);
	suggestions = $state.raw<Record<string, Suggestion>>({});
	version = $state(0);
	/** Changes whenever the weights do (a background refinement too): keys the saliency cache. */
	private stamp = 0;
	focusId = $state<string | null>(null);
	learning = $state(false);
	/** The worker is still learning from the last acts in the background; better suggestions follow. */
	practising = $state(false);
	neighbours = $state.raw<NeighbourInfo[]>([]);
	/** What the last background refit found, for the status line. */
	refitNote = $state<string | null>(null);
	/** The imported extractor the project learns on (null: the from-scratch CNN), as the database says. */
	backboneId = $state<string | null>(null);
	/** Pictures, spreadsheet rows or notes, and a spreadsheet's columns, as the database says. */
	kind = $state<ProjectKind>('image');
	tabular = $state.raw<TabularSchema | null>(null);
	/** Where no sample should matter ("always ignore"), as the database says. */
	ignoreRegion = $state.raw<ExplanationMask | null>(null);
	/** How the model learns (rate, steps, replay, frozen…), as the database says. */
	control = $state.raw<ControlSettings>(controlOf(undefined));
	readonly history = new UndoHistory();
	/** Set while the learner opens the project (on an extractor, that computes every sample's features). */
	preparing = $state(false);
	/** The extractor the learner's session was opened with. */
	private openedWith: string | null = null;
	/** The row model the learner was opened with ('' for pictures): a spreadsheet's first import changes it. */
	private openedRows = '';
	/** The active-learning queue, when the page shows one: it decides what to ask next. */
	queue: QueueState | undefined;
	private readonly modelListeners = new Set<() => void>();
	private refitTimer: ReturnType<typeof setTimeout> | undefined;
	private refittedAt = -1;

	private client: LearnerClient | undefined;
	private opened = false;
	/** The learner opens the project only once the project and both lists have arrived from the database. */
	private readonly loaded = { project: false, classes: false, samples: false };
	/** The newest sample change already sent to the learner. */
	private syncedThrough = -Infinity;
	/** The newest sample change the weights have learned: frozen, labels are sent but not learned. */
	private learnedThrough = -Infinity;
	private known = new Map<string, string | null>();
	/** When each sample's explanation feedback last changed, as the learner was told (0: none). */
	private knownAttention = new Map<string, number>();
	private knownRegionAt = 0;
	private knownClasses: string[] = [];
	private syncing: Promise<void> = Promise.resolve();
	/** What ratings and implicit signals say about unlabelled samples (SignalsState), and what the learner was told of it. */
	private signalTargets = new Map<string, SignalTarget>();
	private knownSignals = new Map<string, { key: string; at: number }>();
	/** Signals given up to then are in the saved model the learner opened with; the newest signal sent since. */
	private signalsSavedUntil = -Infinity;
	private signalsSentThrough = -Infinity;
	/** Undo/redo: the version to put back with the next sync instead of learning its label changes. */
	private pendingRestore: number | undefined;
	private knownControl = '';
	private actPending = false;
	private saveTimer: ReturnType<typeof setTimeout> | undefined;
	private readonly stops: (() => void)[] = [];
	private readonly saliencyCache = new Map<string, Promise<Float32Array | null>>();

	constructor(readonly projectId: string) {
		const onError = (error: unknown) => appErrors.show(error);
		this.stops.push(
			watchProject(projectId, (p) => ((this.backboneId = p?.backboneId ?? null), (this.kind = p?.kind ?? 'image'), (this.tabular = p?.tabular ?? null), (this.ignoreRegion = p?.ignoreRegion ?? null), (this.control = controlOf(p)), (this.loaded.project = true), this.follow()), onError),
			watchClasses(projectId, (c) => ((this.classes = c), (this.loaded.classes = true), this.follow()), onError),
			watchSamples(projectId, (s) => ((this.samples = this.newest(s)), (this.loaded.samples = true), this.follow()), onError)
		);
		const saveNow = () => void this.save();
		addEventListener('pagehide', saveNow);
		this.stops.push(() => removeEventListener('pagehide', saveNow));
	}

	get focused(): Sample | undefined {
		return this.samples.find((s) => s.id === this.focusId);
	}

	className(classId: string | null | undefined): string {
		return this.classes.find((c) => c.id === classId)?.name ?? '';
	}

	/** The next sample for the human: the queue's next, or else the least confident unlabelled one. */
	nextToAsk(after?: string): string | null {
		const queued = this.queue?.next(after);
		if (queued) return queued;
		const open = this.samples.filter((s) => !s.classId && s.id !== after);
		if (open.length === 0) return null;
		const confidence = (s: Sample) => this.suggestions[s.id]?.ranked[0]?.p ?? 0;
		return open.reduce((best, s) => (confidence(s) < confidence(best) ? s : best)).id;
	}

	async accept(sampleId = this.focusId): Promise<void> {
		const top = sampleId ? this.suggestions[sampleId]?.ranked[0] : undefined;
		if (sampleId && top) await this.label(sampleId, top.classId, 'accept');
	}

	/** Overrides the suggestion with the human's class, with their reason when they gave one. */
	async correct(classId: string, sampleId = this.focusId, reason?: OverrideReason): Promise<void> {
		if (sampleId) await this.label(sampleId, classId, 'correct', reason);
	}

	/** Gives many samples one class at once (a multi-select, or a drag onto a class): one act, one undo. */
	async labelMany(sampleIds: readonly string[], classId: string, via: 'bulk' | 'drag'): Promise<boolean> {
		try {
			const versionBefore = this.version;
			const changed = await labelSamples(sampleIds, classId, via, versionBefore);
			if (changed.length === 0) return true;
			for (const c of changed) this.heard(c.sampleId, classId, c.updatedAt);
			const name = this.className(classId);
			this.remember({ changes: changed.map((c) => ({ sampleId: c.sampleId, previous: c.previous, next: classId })), versionBefore, summary: `${changed.length} labelled ${name}` });
			return true;
		} catch (error) {
			appErrors.show(error);
			return false;
		}
	}

	/** "Not this": logged, and the sample is left for later. */
	async reject(sampleId = this.focusId): Promise<void> {
		const top = sampleId ? this.suggestions[sampleId]?.ranked[0] : undefined;
		if (!sampleId || !top) return;
		try {
			await rejectSuggestion(sampleId, top.classId, this.version);
			this.focusId = this.nextToAsk(sampleId) ?? sampleId;
		} catch (error) {
			appErrors.show(error);
		}
	}

	/** Undoes the newest act: its labels (each logged as an undo) and the model version before it. */
	async undo(): Promise<void> {
		const act = this.history.takeUndo();
		if (!act) return;
		const done = await this.replay(act, 'undo', act.versionBefore);
		if (!done) this.history.restoreAfterFailedUndo();
	}

	/** Redoes the newest undone act: its labels and, when the learner still holds it, the version after it. */
	async redo(): Promise<void> {
		const act = this.history.takeRedo();
		if (!act) return;
		const done = await this.replay(act, 'redo', act.versionAfter);
		if (!done) this.history.restoreAfterFailedRedo();
	}

	/** Writes an act's labels one way or the other (durable first), then has the learner put `version` back. */
	private async replay(act: Act, via: 'undo' | 'redo', version: number | undefined): Promise<boolean> {
		try {
			const changes = via === 'undo' ? [...act.changes].reverse() : act.changes;
			for (const c of changes) {
				const classId = via === 'undo' ? c.previous : c.next;
				const { updatedAt } = await labelSample(c.sampleId, classId, via, this.version);
				this.samples = this.samples.map((s) => (s.id === c.sampleId ? { ...s, classId: classId ?? undefined, updatedAt } : s));
			}
			this.pendingRestore = version;
			this.follow();
			if (act.changes[0]) this.focusId = act.changes[0].sampleId;
			return true;
		} catch (error) {
			appErrors.show(error);
			return false;
		}
	}

	/** Records an act for undo; the version it led to is filled in once the learner has answered. */
	private remember(act: Act): void {
		this.history.push(act);
		void this.syncing.then(() => (act.versionAfter = this.version));
	}

	/** The fused targets of unlabelled samples, from ratings and implicit signals; the learner hears what changed. */
	setSignalTargets(targets: Map<string, SignalTarget>): void {
		this.signalTargets = targets;
		this.follow();
	}

	/** The signal targets that changed since the learner last heard (null: gone). */
	private signalChanges(learnedUntil: number): NonNullable<SyncRequest['signals']> {
		const changes: NonNullable<SyncRequest['signals']> = [];
		const rounded = (values: Record<string, number>) => Object.entries(values).map(([c, w]) => `${c}:${w.toFixed(3)}`).join();
		for (const [sampleId, target] of this.signalTargets) {
			const key = `${rounded(target.positive)}|${rounded(target.negative)}`;
			const known = this.knownSignals.get(sampleId);
			if (known?.key === key && known.at === target.at) continue;
			// Learned when a new signal arrived; a weight that faded or was changed in settings only updates the target.
			// New to the learner (it just opened): learned only if given after the saved model was.
			changes.push({ sampleId, target, learn: target.at > (known?.at ?? learnedUntil) });
			this.knownSignals.set(sampleId, { key, at: target.at });
			this.signalsSentThrough = Math.max(this.signalsSentThrough, target.at);
		}
		for (const sampleId of this.knownSignals.keys()) {
			if (this.signalTargets.has(sampleId)) continue;
			changes.push({ sampleId, target: null, learn: false });
			this.knownSignals.delete(sampleId);
		}
		return changes;
	}

	/** Puts a kept model version back in place of the live one (itself an act that can be undone). */
	async rollback(model: ComparedModel): Promise<boolean> {
		if (!this.client) return false;
		const versionBefore = this.version;
		await this.syncing;
		const result = await this.client.project.rollback(model);
		this.apply(result);
		this.history.push({ changes: [], versionBefore, versionAfter: result.version, summary: `rollback to version ${model.version}` });
		this.scheduleSave();
		return true;
	}

	/** The live weights as a version to keep, with their held-out figure; null before the learner is ready. */
	snapshot(): Promise<SnapshotModel | null> {
		return this.client ? this.syncing.then(() => this.client!.project.snapshot()) : Promise.resolve(null);
	}

	/** Two kept versions' predictions on the labelled set. */
	compare(a: ComparedModel, b: ComparedModel): Promise<VersionComparison | null> {
		return this.client ? this.client.project.compare(a, b) : Promise.resolve(null);
	}

	/**
	 * Explanation feedback: durable first (sample or project, and its event), then learned as a label
	 * is. `painted` is the 32x32 grid, 1 where the human painted.
	 */
	async paintExplanation(sampleId: string, painted: Uint8Array, mode: SampleAttention['mode'], scope: 'sample' | 'always'): Promise<boolean> {
		try {
			// As stored (the region joined to any earlier one), so the database's copy, when it arrives, is no news.
			const { attention, ignoreRegion } = await paintExplanation(sampleId, painted, mode, scope, this.version);
			if (ignoreRegion) this.ignoreRegion = ignoreRegion;
			if (attention) this.samples = this.samples.map((s) => (s.id === sampleId ? { ...s, attention, updatedAt: attention.at } : s));
			this.follow();
			return true;
		} catch (error) {
			appErrors.show(error);
			return false;
		}
	}

	/** Takes back a sample's explanation feedback, or (null) the project's "always ignore" region. */
	async clearExplanation(sampleId: string | null): Promise<void> {
		try {
			await clearExplanation(this.projectId, sampleId, this.version);
		} catch (error) {
			appErrors.show(error);
		}
	}

	/** What a spreadsheet or notes project learns on; undefined for pictures. */
	get rowModel(): RowModel | undefined {
		if (this.kind === 'text') return { kind: 'text', width: TEXT_WIDTH };
		return this.kind === 'tabular' && this.tabular ? { kind: 'tabular', width: this.tabular.width } : undefined;
	}

	/** Class probabilities (in `classes`' model order) for rows that are not samples: a counterfactual's candidates. */
	async predictRows(inputs: Float32Array[]): Promise<Float32Array[]> {
		return this.client ? this.client.project.predictRows(inputs) : [];
	}

	/** A saliency map for a sample's current suggestion, cached per model version. */
	saliency(sampleId: string, method = 'vanilla-gradient'): Promise<Float32Array | null> {
		const key = `${sampleId}@${this.stamp}:${method}`;
		let found = this.saliencyCache.get(key);
		if (!found) {
			found = this.client ? this.client.project.explain(sampleId, method) : Promise.resolve(null);
			this.saliencyCache.set(key, found);
		}
		return found;
	}

	/** The trust checks of a sample's explanation by `method` (worker/explain-checks.ts). */
	trust(sampleId: string, method: string): Promise<TrustReport | null> {
		return this.client ? this.client.project.trust(sampleId, method) : Promise.resolve(null);
	}

	/** What would make the model give `classId` for the sample. */
	counterfactual(sampleId: string, classId: string): Promise<CounterfactualResult | null> {
		return this.client ? this.client.project.counterfactual(sampleId, classId) : Promise.resolve(null);
	}

	/** Live mode: classify (and explain) an input that is not stored; `frame` is handed over to the learner. */
	classify(input: Uint8Array, frame?: ImageBitmap): Promise<LiveResult | null> {
		if (!this.client) return Promise.resolve((frame?.close(), null));
		return this.client.project.classify(input, true, frame && Comlink.transfer(frame, [frame]));
	}

	/** Whether live mode must send whole frames (a model on an extractor sees more than 32x32). */
	get wantsFrames(): boolean {
		return this.openedWith !== null;
	}

	/** Ranks the unlabelled pool in the worker (null if the model changed meanwhile). */
	rank(request: RankRequest): Promise<RankResult | null> {
		return this.client ? this.client.project.rank(request) : Promise.resolve(null);
	}

	/** Calls `listener` whenever the learner answers (new weights or new samples); returns a function that stops it. */
	onModelChange(listener: () => void): () => void {
		this.modelListeners.add(listener);
		return () => this.modelListeners.delete(listener);
	}

	async loadNeighbours(sampleId: string): Promise<void> {
		this.neighbours = this.client ? await this.client.project.neighbours(sampleId, 3) : [];
	}

	destroy(): void {
		clearTimeout(this.refitTimer);
		for (const stop of this.stops) stop();
		void this.save();
		this.client?.project.closeProject();
	}

	private async label(sampleId: string, classId: string, via: LabelVia, reason?: OverrideReason): Promise<void> {
		performance.mark('attune:act');
		this.actPending = true;
		try {
			const origin = this.queue?.originOf(sampleId);
			const versionBefore = this.version;
			const { previous, updatedAt } = await labelSample(sampleId, classId, via, versionBefore, origin, reason);
			performance.mark('attune:stored');
			this.heard(sampleId, classId, updatedAt, origin);
			this.remember({ changes: [{ sampleId, previous, next: classId }], versionBefore, summary: `labelled ${this.className(classId)}` });
			this.focusId = this.nextToAsk(sampleId) ?? sampleId;
		} catch (error) {
			this.actPending = false;
			appErrors.show(error);
		}
	}

	/**
	 * A label this tab just made durable: shown and sent to the learner now, not a moment later when
	 * the database's live query reports it (which then finds nothing new).
	 */
	private heard(sampleId: string, classId: string | null, updatedAt: number, labelledFrom?: QueryOrigin): void {
		this.samples = this.samples.map((s) => (s.id === sampleId ? { ...s, classId: classId ?? undefined, updatedAt, labelledFrom } : s));
		this.follow();
	}

	/** The database's rows, except where this tab already holds a newer copy (a query begun before an act). */
	private newest(incoming: Sample[]): Sample[] {
		const mine = new Map(this.samples.map((s) => [s.id, s]));
		return incoming.map((s) => {
			const held = mine.get(s.id);
			return held && held.updatedAt > s.updatedAt ? held : s;
		});
	}

	/** Brings the learner up to date with the database, one sync at a time. */
	private follow(): void {
		if (!this.loaded.project || !this.loaded.classes || !this.loaded.samples) return;
		this.syncing = this.syncing.then(() => this.syncOnce()).catch((error) => appErrors.show(error));
	}

	/** Forgets what the learner was told, so the next sync opens the project afresh (a new model kind). */
	private reopen(): void {
		this.opened = false;
		this.known.clear();
		this.knownAttention.clear();
		this.knownRegionAt = 0;
		this.knownClasses = [];
		this.syncedThrough = -Infinity;
		this.learnedThrough = -Infinity;
		this.signalsSavedUntil = this.signalsSentThrough = -Infinity;
		this.saliencyCache.clear();
		this.history.clear();
		this.knownControl = '';
		this.knownSignals.clear();
	}

	private async syncOnce(): Promise<void> {
		const client = (this.client ??= await learner.whenReady());
		// A spreadsheet's first rows and its columns are stored together but watched apart: until both
		// are here (and the project's kind), the learner would be opened for pictures.
		if (this.samples.some((s) => s.features) && !this.rowModel) return;
		const rowsKey = JSON.stringify(this.rowModel ?? '');
		if (this.opened && (this.openedWith !== this.backboneId || this.openedRows !== rowsKey)) this.reopen();
		const backboneId = this.backboneId;
		const found = this.opened ? undefined : await latestModel(this.projectId);
		// Without its class order a saved model cannot be mapped; made for another extractor, it does not fit.
		const saved = found?.meta.classIds && (found.meta.backboneId ?? null) === backboneId ? found : undefined;
		// Labels set before the saved model was are already in it; any later ones it must still learn.
		const learnedUntil = this.opened ? Infinity : (saved?.meta.createdAt ?? -Infinity);
		if (!this.opened) [this.learnedThrough, this.signalsSavedUntil] = [learnedUntil, learnedUntil];
		const classIds = this.classes.map((c) => c.id);
		const request: SyncRequest = { upserts: [], removed: [], labels: [], masks: [] };
		const current = new Set<string>();
		for (const sample of this.samples) {
			current.add(sample.id);
			this.syncedThrough = Math.max(this.syncedThrough, sample.updatedAt);
			const label = sample.classId ?? null;
			if (!this.known.has(sample.id)) {
				const s = toSession(sample, backboneId !== null);
				const learned = label !== null && sample.updatedAt <= learnedUntil;
				if (s) request.upserts!.push({ ...s, classId: learned ? label ?? undefined : undefined });
				if (label && !learned) request.labels!.push({ sampleId: sample.id, classId: label, audit: isAudit(sample) });
			} else if (this.known.get(sample.id) !== label) {
				request.labels!.push({ sampleId: sample.id, classId: label, audit: isAudit(sample) });
			}
			this.known.set(sample.id, label);
			// Feedback is learned when it changed since the last sync, or (a sample new to the learner) after the saved model.
			const attentionAt = sample.attention?.at ?? 0;
			const seenAt = this.knownAttention.get(sample.id);
			if (seenAt === undefined ? attentionAt > learnedUntil : attentionAt !== seenAt) request.masks!.push({ sampleId: sample.id, mask: maskOf(sample) ?? null });
			this.knownAttention.set(sample.id, attentionAt);
		}
		const regionAt = this.ignoreRegion?.at ?? 0;
		// Changed while open: learn it; found on opening: learn it only if the saved model predates it.
		if (regionAt !== this.knownRegionAt) request.ignoreRegion = { mask: this.ignoreRegion?.painted ?? null, learn: this.opened || regionAt > learnedUntil };
		this.knownRegionAt = regionAt;
		for (const id of this.known.keys()) if (!current.has(id)) (request.removed!.push(id), this.known.delete(id), this.knownAttention.delete(id));
		const classesChanged = classIds.join() !== this.knownClasses.join();
		if (classesChanged) request.classIds = classIds;
		this.knownClasses = classIds;
		request.signals = this.signalChanges(this.signalsSavedUntil);
		if (this.pendingRestore !== undefined) request.restore = this.pendingRestore;
		this.pendingRestore = undefined;
		const { learningRate, stepsPerUpdate, replaySize, frozen } = this.control;
		const control: LearnerControl = { learningRate, stepsPerUpdate, replaySize, frozen };
		const controlChanged = JSON.stringify(control) !== this.knownControl;
		this.knownControl = JSON.stringify(control);

		// Claimed as the worker is asked: it takes acts and saves in order, so a save asked for while this
		// sync is under way holds what the sync teaches, and must not say it learned less (a reload would
		// learn those labels again). A signal changes no sample, so the newest signal counts too.
		const learnedBefore = this.learnedThrough;
		const claim = () => {
			if (!frozen) this.learnedThrough = Math.max(this.syncedThrough, this.signalsSentThrough);
		};
		let result: SyncResult;
		try {
			if (!this.opened) {
				this.opened = true;
				this.openedWith = backboneId;
				this.openedRows = rowsKey;
				const backbone = backboneId ? await loadBackbone(backboneId) : undefined;
				if (backboneId && !backbone) appErrors.say('The imported model this project uses is no longer on this device; it learns with the built-in CNN until you import one again.');
				const refined = Comlink.proxy((r: SyncResult) => this.apply(r));
				this.preparing = true;
				try {
					const model = saved && { artifacts: saved.artifacts, version: saved.meta.version, classIds: saved.meta.classIds!, backboneId: saved.meta.backboneId };
					await client.project.openProject({ projectId: this.projectId, classIds, samples: [], model, backbone, control, rows: this.rowModel }, refined);
					claim();
					result = await client.project.sync({ ...request, classIds });
				} finally {
					this.preparing = false;
				}
			} else if (classesChanged || request.upserts!.length || request.removed!.length || request.labels!.length || request.masks!.length || request.signals.length || request.ignoreRegion || request.restore !== undefined) {
				if (controlChanged) await client.project.control(control); // unfreezing learns what waited; the sync answers with it
				this.learning = !frozen && request.restore === undefined && (request.labels!.length > 0 || request.masks!.length > 0 || request.signals.some((t) => t.learn) || !!request.ignoreRegion?.learn);
				if (this.actPending) performance.mark('attune:sent');
				claim();
				result = await client.project.sync(request);
			} else if (controlChanged) {
				claim(); // unfreezing learns what waited
				const learned = await client.project.control(control);
				if (!learned) return;
				result = learned;
			} else {
				return;
			}
		} catch (error) {
			this.learnedThrough = learnedBefore;
			throw error;
		}
		this.apply(result);
	}

	private apply(result: SyncResult): void {
		const changed = result.stamp !== this.stamp;
		this.version = result.version;
		this.stamp = result.stamp;
		this.suggestions = Object.fromEntries(result.suggestions.map((s) => [s.sampleId, s]));
		this.learning = false;
		this.practising = result.practising;
		this.focusId ??= this.nextToAsk();
		if (changed) this.scheduleSave();
		for (const listener of this.modelListeners) listener(); // new weights, or new samples to rank
		clearTimeout(this.refitTimer);
		this.refitTimer = setTimeout(() => void this.refitWhenIdle(), REFIT_AFTER_MS);
		if (this.actPending) {
			this.actPending = false;
			performance.mark('attune:answered');
			// Measured once the re-scored suggestions are painted: just after the next frame. The phases:
			// storing the act, the database telling the learner, learning and re-scoring, painting.
			requestAnimationFrame(() =>
				setTimeout(() => {
					performance.measure('attune:update', 'attune:act');
					performance.measure('attune:update:store', 'attune:act', 'attune:stored');
					performance.measure('attune:update:notice', 'attune:stored', 'attune:sent');
					performance.measure('attune:update:learn', 'attune:sent', 'attune:answered');
					performance.measure('attune:update:paint', 'attune:answered');
				})
			);
		}
	}

	private async refitWhenIdle(): Promise<void> {
		const labelled = this.samples.filter((s) => s.classId).length;
		if (!this.client || labelled === this.refittedAt) return;
		this.refittedAt = labelled;
		try {
			const outcome = await this.client.project.refit();
			if (!outcome.ran) return;
			const pct = (v?: number) => `${Math.round((v ?? 0) * 100)}%`;
			this.refitNote = outcome.replaced
				? `Background refit: better on ${outcome.heldOut} held-out labels (${pct(outcome.challenger)} vs ${pct(outcome.current)}), now in use.`
				: `Background refit: kept the live model (${pct(outcome.current)} vs ${pct(outcome.challenger)} on ${outcome.heldOut} held-out labels).`;
			if (outcome.result) this.apply(outcome.result);
		} catch (error) {
			appErrors.show(error);
		}
	}

	/** Saves the live weights now (before an export, so the file holds the model as it is). */
	async flush(): Promise<void> {
		await this.syncing;
		await this.save();
	}

	/** Saves at most SAVE_AFTER_MS after a change, however quickly the acts keep coming. */
	private scheduleSave(): void {
		this.saveTimer ??= setTimeout(() => void this.save(), SAVE_AFTER_MS);
	}

	private async save(): Promise<void> {
		clearTimeout(this.saveTimer);
		this.saveTimer = undefined;
		try {
			const through = this.learnedThrough; // the worker has learned every sync sent before this save, unless frozen
			const saved = await this.client?.project.saveModel();
			if (saved) await saveCurrentModel(this.projectId, saved.version, saved.backend, saved.artifacts, through, saved.classIds, saved.backboneId);
		} catch (error) {
			appErrors.show(error);
		}
	}
}
