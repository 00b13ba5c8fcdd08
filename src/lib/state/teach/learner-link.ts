import * as Comlink from 'comlink';
import type { LearnerControl, RowModel, SignalTarget, StoredModel, SyncRequest, SyncResult } from '$lib/core/session/types';
import type { ControlSettings, ExplanationMask, LabelClass, ModelArtifactsData, ModelVersion, Sample } from '$lib/core/types';
import { loadBackbone } from '$lib/storage/backbones';
import { latestModel } from '$lib/storage/models';
import type { LearnerClient } from '$lib/worker/client';
import { appErrors } from '../errors.svelte';
import { learner } from '../learner.svelte';
import type { ModelSaving } from './model-saving';
import { diffSync, knowsNothing } from './sync-diff';
import type { UpdateTiming } from './update-timing';

interface OpenWith {
	kind: { backboneId: string | null; rows: string };
	control: LearnerControl;
	saved: { meta: ModelVersion; artifacts: ModelArtifactsData } | undefined;
	classIds: string[];
}

/** What the link reads of the project as the database has it, and the status it sets. */
export interface LinkedProject {
	readonly projectId: string;
	readonly samples: readonly Sample[];
	readonly classes: readonly LabelClass[];
	readonly backboneId: string | null;
	readonly rowModel: RowModel | undefined;
	readonly ignoreRegion: ExplanationMask | null;
	readonly control: ControlSettings;
	/** Whether the project, its classes and its samples have all arrived from the database. */
	readonly loaded: boolean;
	/** The learner is opening the project (on an extractor, that computes every sample's features). */
	preparing: boolean;
	/** The learner is learning the last act. */
	learning: boolean;
}

/**
 * The page's link to the learner worker: it follows the database, one sync at a time, so a label
 * from an import, another tab or an undo teaches the same way as a key press. It opens the project in
 * the worker on the saved model (learning only what came after it), and opens it afresh when the
 * project changes model kind.
 */
export class LearnerLink {
	client: LearnerClient | undefined;
	/** What ratings and implicit signals say about unlabelled samples (SignalsState). */
	signals = new Map<string, SignalTarget>();
	private opened = false;
	/** The extractor and the row model the learner opened the project with. */
	private openedWith: OpenWith['kind'] | undefined;
	private knows = knowsNothing();
	private syncedThrough = -Infinity;
	private signalsSentThrough = -Infinity;
	private signalsLearnedUntil = -Infinity;
	private syncing: Promise<void> = Promise.resolve();
	/** Undo/redo: the version to put back with the next sync instead of learning its label changes. */
	private pendingRestore: number | undefined;

	constructor(
		private readonly project: LinkedProject,
		private readonly saving: ModelSaving,
		private readonly timing: UpdateTiming,
		private readonly hooks: {
			result: (result: SyncResult) => void;
			/** The weights the learner opened the project with (saved already): no news to save. */
			opened: (revision: number) => void;
			reopened: () => void;
		}
	) {}

	/** Whether live mode must send whole frames (a model on an extractor sees more than 32x32). */
	get wantsFrames(): boolean {
		return !!this.openedWith?.backboneId;
	}

	/** Brings the learner up to date with the database, after the syncs already asked for (once it has all arrived). */
	sendChanges(): void {
		if (!this.project.loaded) return;
		this.syncing = this.syncing.then(() => this.syncOnce()).catch((error) => appErrors.show(error));
	}

	/** Resolves once every sync asked for so far is done. */
	settled(): Promise<void> {
		return this.syncing;
	}

	/** Undo or redo: the next sync puts this version back instead of learning its label changes. */
	restoreWith(version: number | undefined): void {
		this.pendingRestore = version;
		this.sendChanges();
	}

	/** Puts a kept version back in place of the live one, in turn with the syncs. */
	async rollback(model: StoredModel): Promise<SyncResult | null> {
		if (!this.client) return null;
		await this.syncing;
		const result = await this.client.project.rollback(model);
		this.hooks.result(result);
		return result;
	}

	private async syncOnce(): Promise<void> {
		const client = (this.client ??= await learner.whenReady());
		const project = this.project;
		// A spreadsheet's first rows and its columns are stored together but watched apart: until both
		// are here (and the project's kind), the learner would be opened for pictures.
		if (project.samples.some((s) => s.features) && !project.rowModel) return;
		const kind = { backboneId: project.backboneId, rows: JSON.stringify(project.rowModel ?? '') };
		if (this.opened && (this.openedWith?.backboneId !== kind.backboneId || this.openedWith.rows !== kind.rows)) this.reopen();
		const saved = this.opened ? undefined : await this.savedModel(kind.backboneId);
		// Labels set before the saved model was are already in it; any later ones it must still learn.
		const learnedUntil = this.opened ? Infinity : (saved?.meta.createdAt ?? -Infinity);
		if (!this.opened) this.saving.learnedThrough = this.signalsLearnedUntil = learnedUntil;
		const { learningRate, stepsPerUpdate, replaySize, frozen } = project.control;
		const control: LearnerControl = { learningRate, stepsPerUpdate, replaySize, frozen };
		const classIds = project.classes.map((c) => c.id);
		const diff = diffSync(this.knows, { samples: project.samples, classIds, ignoreRegion: project.ignoreRegion, signals: this.signals, control, withImages: kind.backboneId !== null, opened: this.opened, learnedUntil, signalsLearnedUntil: this.signalsLearnedUntil });
		this.knows = diff.knows;
		this.syncedThrough = Math.max(this.syncedThrough, diff.syncedThrough);
		this.signalsSentThrough = Math.max(this.signalsSentThrough, diff.signalsThrough);
		const request: SyncRequest = { ...diff.request, ...(this.pendingRestore === undefined ? {} : { restore: this.pendingRestore }) };
		this.pendingRestore = undefined;

		// Claimed as the worker is asked: it takes acts and saves in order, so a save asked for while this
		// sync is under way holds what the sync teaches, and must not say it learned less (a reload would
		// learn those labels again). A signal changes no sample, so the newest signal counts too.
		let forget = () => {};
		const expectLearned = () => (forget = this.saving.learnsThrough(Math.max(this.syncedThrough, this.signalsSentThrough), frozen));
		let result: SyncResult | null;
		try {
			if (!this.opened) {
				result = await this.open(client, { kind, control, saved, classIds }, () => (expectLearned(), client.project.sync({ ...request, classIds })));
			} else if (diff.news || request.restore !== undefined) {
				if (diff.controlChanged) await client.project.control(control); // unfreezing learns what waited; the sync answers with it
				project.learning = !frozen && request.restore === undefined && diff.learns;
				this.timing.sent();
				expectLearned();
				result = await client.project.sync(request);
			} else if (diff.controlChanged) {
				expectLearned(); // unfreezing learns what waited
				result = await client.project.control(control);
			} else {
				return;
			}
		} catch (error) {
			forget();
			throw error;
		}
		if (result) this.hooks.result(result);
	}

	/** The model saved last, if it fits: without its class order it cannot be mapped; made for another extractor, it does not fit. */
	private async savedModel(backboneId: string | null) {
		const found = await latestModel(this.project.projectId);
		return found?.meta.classIds && (found.meta.backboneId ?? null) === backboneId ? found : undefined;
	}

	/** Opens the project in the worker on the saved model, then sends the first sync. */
	private async open(client: LearnerClient, { kind, control, saved, classIds }: OpenWith, sync: () => Promise<SyncResult>): Promise<SyncResult> {
		this.opened = true;
		this.openedWith = kind;
		const backbone = kind.backboneId ? await loadBackbone(kind.backboneId) : undefined;
		if (kind.backboneId && !backbone) appErrors.say('The imported model this project uses is no longer on this device; it learns with the built-in CNN until you import one again.');
		const news = Comlink.proxy((r: SyncResult) => this.hooks.result(r));
		this.project.preparing = true;
		try {
			const model = saved && { artifacts: saved.artifacts, version: saved.meta.version, classIds: saved.meta.classIds!, backboneId: saved.meta.backboneId };
			const opened = await client.project.openProject({ projectId: this.project.projectId, classIds, samples: [], model, backbone, control, rows: this.project.rowModel }, news);
			this.hooks.opened(opened.revision);
			return await sync();
		} finally {
			this.project.preparing = false;
		}
	}

	/** Forgets what the learner was told, so the next sync opens the project afresh (a new model kind). */
	private reopen(): void {
		this.opened = false;
		this.knows = knowsNothing();
		this.syncedThrough = this.signalsSentThrough = this.signalsLearnedUntil = -Infinity;
		this.saving.learnedThrough = -Infinity;
		this.hooks.reopened();
	}
}
