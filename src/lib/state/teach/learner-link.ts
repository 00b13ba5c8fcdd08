import * as Comlink from 'comlink';
import type { LearnerControl, RowModel, SignalTarget, StoredModel, SyncResult } from '$lib/core/session/types';
import type { ControlSettings, ExplanationMask, LabelClass, ProjectKind, Sample } from '$lib/core/types';
import { loadBackbone } from '$lib/storage/backbones';
import { latestModel } from '$lib/storage/models';
import type { LearnerClient } from '$lib/worker/client';
import { appErrors } from '../errors.svelte';
import { learner } from '../learner.svelte';
import { diffSync, knowsNothing } from './sync-diff';
import type { UpdateTiming } from './update-timing';

/** What the link reads of the project as the database has it, and the status it sets. */
export interface LinkedProject {
	readonly projectId: string;
	readonly kind: ProjectKind;
	readonly classes: readonly LabelClass[];
	readonly backboneId: string | null;
	/** A picture project whose model is chosen by measurement (Project.modelChoice). */
	readonly measureModel: boolean;
	readonly rowModel: RowModel | undefined;
	readonly ignoreRegion: ExplanationMask | null;
	readonly control: ControlSettings;
	/** Whether the project and its classes have arrived from the database. */
	readonly loaded: boolean;
	/** What the page shows: the focused sample, the cards in view, the head of the queue. */
	readonly wanted: string[];
	/** Follows the database: from `watchedFrom` on, every sample it changes is sent to the learner by the page. */
	readonly index: { readonly watchedFrom: number };
	/** The learner is opening the project (on an extractor, that computes every sample's features). */
	preparing: boolean;
	/** The learner is learning the last act. */
	learning: boolean;
}

type Opened = { kind: { backboneId: string | null; rows: string; measured: boolean }; learnedUntil: number };

/**
 * The page's link to the learner worker. It opens the project there (the worker reads the samples
 * from the database itself, and learns what came after the saved model), then sends what changes,
 * one sync at a time: the human's acts and whatever else the database reports (an import, another
 * tab), as the samples now are (the learner compares them with what it holds), and the signals,
 * region, classes and settings. It opens the project afresh when it changes model kind.
 */
export class LearnerLink {
	client: LearnerClient | undefined;
	/** What ratings and implicit signals say about unlabelled samples (SignalsState). */
	signals = new Map<string, SignalTarget>();
	private opened: Opened | undefined;
	/** Opened afresh (a new model kind): the changes sent so far went to the session before, so the worker reads every sample itself. */
	private reopened = false;
	private knows = knowsNothing();
	/** Samples changed since the last sync, newest copy of each. */
	private readonly changed = new Map<string, Sample>();
	/** Whether what waits to be sent includes an act of the human (background work gives way to it). */
	private acted = false;
	private syncing: Promise<void> = Promise.resolve();
	/** Undo/redo: the version to put back with the next sync instead of learning its label changes. */
	private pendingRestore: number | undefined;

	constructor(
		private readonly project: LinkedProject,
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
		return !!this.opened?.kind.backboneId;
	}

	/** Brings the learner up to date, after the syncs already asked for; `changed` samples go with it (`act`: the human's doing). */
	sendChanges(changed: readonly Sample[] = [], act = false): void {
		for (const s of changed) this.changed.set(s.id, s);
		this.acted ||= act;
		if (!this.project.loaded) return;
		this.syncing = this.syncing.then(() => this.syncOnce()).catch((error) => appErrors.show(error));
	}

	/** Resolves once every sync asked for so far is done. */
	settled(): Promise<void> {
		return this.syncing;
	}

	/** Undo or redo: the next sync puts this version back instead of learning its label changes. */
	restoreWith(version: number | undefined, changed: readonly Sample[]): void {
		this.pendingRestore = version;
		this.sendChanges(changed, true);
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
		// A spreadsheet's first rows and its columns are stored together but watched apart: until its
		// columns are here, the learner would be opened for pictures.
		if (project.kind === 'tabular' && !project.rowModel) return;
		const kind = { backboneId: project.backboneId, rows: JSON.stringify(project.rowModel ?? ''), measured: project.measureModel };
		if (this.opened && (this.opened.kind.backboneId !== kind.backboneId || this.opened.kind.rows !== kind.rows || this.opened.kind.measured !== kind.measured)) this.reopen();
		const opening = !this.opened;
		const saved = opening ? await this.savedModel(kind.backboneId) : undefined;
		const opened = (this.opened ??= { kind, learnedUntil: saved?.meta.createdAt ?? -Infinity });
		const { learningRate, stepsPerUpdate, replaySize, frozen, poolLearning } = project.control;
		const control: LearnerControl = { learningRate, stepsPerUpdate, replaySize, frozen, poolLearning };
		const classIds = project.classes.map((c) => c.id);
		const changed = [...this.changed.values()];
		this.changed.clear();
		const diff = diffSync(this.knows, { changed, classIds, ignoreRegion: project.ignoreRegion, signals: this.signals, control, withImages: kind.backboneId !== null, opened: !opening, learnedUntil: opened.learnedUntil });
		this.knows = diff.knows;
		const restore = this.pendingRestore;
		this.pendingRestore = undefined;
		const act = this.acted;
		this.acted = false;
		const request = { ...diff.request, wanted: project.wanted, ...(restore === undefined ? {} : { restore }) };
		let result: SyncResult | null;
		if (opening) {
			await this.open(client, { saved, control, classIds });
			result = await client.project.sync({ ...request, classIds }, false);
		} else if (diff.news || restore !== undefined) {
			if (diff.controlChanged) await client.project.control(control); // unfreezing learns what waited; the sync answers with it
			project.learning = act && !frozen && restore === undefined && diff.learns;
			this.timing.sent();
			result = await client.project.sync(request, act);
		} else if (diff.controlChanged) {
			result = await client.project.control(control); // unfreezing learns what waited
		} else {
			return;
		}
		if (result) this.hooks.result(result);
	}

	/** The model saved last, if it fits: without its class order it cannot be mapped; made for another extractor, it does not fit. */
	private async savedModel(backboneId: string | null) {
		const found = await latestModel(this.project.projectId);
		return found?.meta.classIds && (found.meta.backboneId ?? null) === backboneId ? found : undefined;
	}

	/** Opens the project in the worker on the saved model; the worker reads the samples itself. */
	private async open(client: LearnerClient, { saved, control, classIds }: { saved: Awaited<ReturnType<LearnerLink['savedModel']>>; control: LearnerControl; classIds: string[] }): Promise<void> {
		const { backboneId, measured } = this.opened!.kind;
		const backbone = backboneId ? await loadBackbone(backboneId) : undefined;
		if (backboneId && !backbone) appErrors.say('The imported model this project uses is no longer on this device; it learns with the built-in CNN until you import one again.');
		const news = Comlink.proxy((r: SyncResult) => this.hooks.result(r));
		this.project.preparing = true;
		try {
			const model = saved && { artifacts: saved.artifacts, version: saved.meta.version, classIds: saved.meta.classIds!, backboneId: saved.meta.backboneId, teaching: saved.teaching };
			const { projectId, rowModel, wanted, index } = this.project;
			const opened = await client.project.openProject({ projectId, classIds, model, learnedUntil: this.opened!.learnedUntil, changesFrom: this.reopened ? Infinity : index.watchedFrom, wanted, backbone, control, rows: rowModel, measureModel: measured && !!backbone }, news);
			this.hooks.opened(opened.revision);
		} finally {
			this.project.preparing = false;
		}
	}

	/**
	 * The learner moved the project to the pixels itself (core/session/model-choice.ts): the project's
	 * record follows, and the session stays open as it is (no reopening, the undo history kept).
	 */
	movedToPixels(): void {
		if (this.opened) this.opened.kind = { ...this.opened.kind, backboneId: null };
	}

	/** Forgets what the learner was told, so the next sync opens the project afresh (a new model kind). */
	private reopen(): void {
		this.reopened = true;
		this.opened = undefined;
		this.knows = knowsNothing();
		this.changed.clear();
		this.hooks.reopened();
	}
}
