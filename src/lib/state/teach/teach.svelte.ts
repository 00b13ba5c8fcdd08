import type { NeighbourInfo, RowModel, SignalTarget, Suggestion, SyncResult } from '$lib/core/session/types';
import type { TabularSchema } from '$lib/core/data/tabular-schema';
import { TEXT_WIDTH } from '$lib/core/model/text-hashing';
import type { ControlSettings, ExplanationMask, LabelClass, ProjectKind, Sample } from '$lib/core/types';
import { watchClasses } from '$lib/storage/classes';
import { controlOf } from '$lib/storage/control';
import { watchProject } from '$lib/storage/projects';
import { watchSamples } from '$lib/storage/samples';
import { appErrors } from '../errors.svelte';
import { Acts } from './acts';
import { Asking, type Asker } from './asking.svelte';
import { IdleRefit } from './idle-refit';
import { LearnerLink } from './learner-link';
import { ModelInspection } from './model-inspection';
import { ModelSaving } from './model-saving';
import { UndoHistory } from './undo-history.svelte';
import { UpdateTiming } from './update-timing';

/** Below this confidence a suggestion is marked so the eye goes to it. */
export const LOW_CONFIDENCE = 0.6;

/**
 * The teach loop of one project: what the database holds, what the model suggests, and the human's
 * acts. An act is written to the database first; the learner follows the database (LearnerLink, by
 * diff), then its answer is shown here. The jobs live in this folder: acts.ts, learner-link.ts,
 * sync-diff.ts, model-saving.ts, model-inspection.ts, idle-refit.ts, update-timing.ts.
 */
export class TeachState {
	// Raw state: these lists are replaced whole on every change, so deep proxies of hundreds of
	// samples would be work on the main thread for nothing.
	classes = $state.raw<LabelClass[]>([]);
	samples = $state.raw<Sample[]>([]);
	suggestions = $state.raw<Record<string, Suggestion>>({});
	version = $state(0);
	focusId = $state<string | null>(null);
	learning = $state(false);
	/** The worker is still learning from the last acts in the background; better suggestions follow. */
	practising = $state(false);
	/** Acts kept while learning is frozen, to be learned on unfreezing. */
	held = $state(0);
	preparing = $state(false);
	neighbours = $state.raw<NeighbourInfo[]>([]);
	/** What the last background refit found, for the status line. */
	refitNote = $state<string | null>(null);
	// As the database says: the imported extractor the project learns on (null: the from-scratch CNN),
	// its kind and a spreadsheet's columns, where no sample should matter, and how the model learns.
	backboneId = $state<string | null>(null);
	kind = $state<ProjectKind>('image');
	tabular = $state.raw<TabularSchema | null>(null);
	ignoreRegion = $state.raw<ExplanationMask | null>(null);
	control = $state.raw<ControlSettings>(controlOf(undefined));
	readonly history = new UndoHistory();
	readonly inspect: ModelInspection;
	private readonly asking = new Asking(this);
	/** The weights the suggestions were made with (SyncResult.revision), or that the learner opened the project with. */
	private revision = -1;
	private readonly timing = new UpdateTiming();
	private readonly saving: ModelSaving;
	private readonly link: LearnerLink;
	private readonly acts: Acts;
	private readonly idleRefit: IdleRefit;
	private readonly modelListeners = new Set<() => void>();
	/** What has arrived from the database: the learner opens the project only once all three have. */
	private readonly arrived = { project: false, classes: false, samples: false };
	private readonly stops: (() => void)[] = [];

	constructor(readonly projectId: string) {
		this.saving = new ModelSaving(projectId, () => this.link.client?.project.saveModel());
		this.link = new LearnerLink(this, this.saving, this.timing, { result: (r) => this.apply(r), opened: (revision) => (this.revision = revision), reopened: () => (this.history.clear(), this.inspect.forget()) });
		this.inspect = new ModelInspection(() => this.link.client?.project, () => this.revision, () => this.link.settled());
		this.acts = new Acts(this, this.link, this.timing);
		this.idleRefit = new IdleRefit(() => this.link.client?.project.refit(), () => this.samples.filter((s) => s.classId).length, (note, result) => ((this.refitNote = note), result && this.apply(result)));
		const onError = (error: unknown) => appErrors.show(error);
		const project = (p: Parameters<Parameters<typeof watchProject>[1]>[0]) => {
			[this.backboneId, this.kind, this.tabular, this.ignoreRegion, this.control] = [p?.backboneId ?? null, p?.kind ?? 'image', p?.tabular ?? null, p?.ignoreRegion ?? null, controlOf(p)];
			this.loadedNow('project');
		};
		this.stops.push(
			watchProject(projectId, project, onError),
			watchClasses(projectId, (c) => ((this.classes = c), this.loadedNow('classes')), onError),
			watchSamples(projectId, (s) => ((this.samples = this.newest(s)), this.loadedNow('samples')), onError)
		);
		const saveNow = () => void this.saving.now();
		addEventListener('pagehide', saveNow);
		this.stops.push(() => removeEventListener('pagehide', saveNow));
	}

	get focused(): Sample | undefined {
		return this.samples.find((s) => s.id === this.focusId);
	}

	className(classId: string | null | undefined): string {
		return this.classes.find((c) => c.id === classId)?.name ?? '';
	}

	/** What a spreadsheet or notes project learns on; undefined for pictures. */
	get rowModel(): RowModel | undefined {
		if (this.kind === 'text') return { kind: 'text', width: TEXT_WIDTH };
		return this.kind === 'tabular' && this.tabular ? { kind: 'tabular', width: this.tabular.width } : undefined;
	}

	/** Whether live mode must send whole frames (a model on an extractor sees more than 32x32). */
	get wantsFrames(): boolean {
		return this.link.wantsFrames;
	}

	// What to ask next (asking.svelte.ts): the queue's choice, or the least confident unlabelled sample.
	nextToAsk = (after?: string) => this.asking.next(after);
	originOf = (sampleId: string) => this.asking.originOf(sampleId);
	/** Whether the model's suggestion stands as the sample's label (at or above the queue's threshold). */
	isPreAccepted = (sampleId: string) => this.asking.preAccepted(sampleId);
	askWith = (asker: Asker) => this.asking.askWith(asker);

	// The human's acts (acts.ts).
	accept = (sampleId?: string) => this.acts.accept(sampleId);
	correct: Acts['correct'] = (...args) => this.acts.correct(...args);
	labelMany: Acts['labelMany'] = (...args) => this.acts.labelMany(...args);
	reject = (sampleId?: string) => this.acts.reject(sampleId);
	undo = () => this.acts.undo();
	redo = () => this.acts.redo();
	rollback: Acts['rollback'] = (model) => this.acts.rollback(model);
	paintExplanation: Acts['paintExplanation'] = (...args) => this.acts.paintExplanation(...args);
	clearExplanation: Acts['clearExplanation'] = (sampleId) => this.acts.clearExplanation(sampleId);

	/** The fused targets of unlabelled samples, from ratings and implicit signals; the learner hears what changed. */
	setSignalTargets(targets: Map<string, SignalTarget>): void {
		this.link.signals = targets;
		this.link.sendChanges();
	}

	/** Calls `listener` whenever the learner answers (new weights or new samples); returns a function that stops it. */
	onModelChange(listener: () => void): () => void {
		this.modelListeners.add(listener);
		return () => this.modelListeners.delete(listener);
	}

	async loadNeighbours(sampleId: string): Promise<void> {
		this.neighbours = await this.inspect.neighbours(sampleId);
	}

	/** Saves the live weights now (before an export, so the file holds the model as it is). */
	async flush(): Promise<void> {
		await this.link.settled();
		await this.saving.now();
	}

	destroy(): void {
		this.idleRefit.stop();
		for (const stop of this.stops) stop();
		void this.saving.now();
		this.link.client?.project.closeProject();
	}

	/** Whether the project and both lists have arrived from the database. */
	get loaded(): boolean {
		return this.arrived.project && this.arrived.classes && this.arrived.samples;
	}

	private loadedNow(part: 'project' | 'classes' | 'samples'): void {
		this.arrived[part] = true;
		this.link.sendChanges();
	}

	/** The database's rows, except where this tab already holds a newer copy (a query begun before an act). */
	private newest(incoming: Sample[]): Sample[] {
		const mine = new Map(this.samples.map((s) => [s.id, s]));
		return incoming.map((s) => {
			const held = mine.get(s.id);
			return held && held.updatedAt > s.updatedAt ? held : s;
		});
	}

	/** The learner's answer: the version, every suggestion, and the status. */
	private apply(result: SyncResult): void {
		const changed = result.revision !== this.revision;
		[this.version, this.revision, this.practising, this.held, this.learning] = [result.version, result.revision, result.practising, result.held, false];
		this.suggestions = Object.fromEntries(result.suggestions.map((s) => [s.sampleId, s]));
		this.focusId ??= this.nextToAsk();
		if (changed) this.saving.soon();
		for (const listener of this.modelListeners) listener(); // new weights, or new samples to rank
		this.idleRefit.restart();
		this.timing.answered();
	}
}
