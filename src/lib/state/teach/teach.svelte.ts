import { SvelteMap } from 'svelte/reactivity';
import type { ModelInForce, NeighbourInfo, RefitOutcome, RowModel, SignalTarget, Suggestion, SyncResult } from '$lib/core/session/types';
import type { TabularSchema } from '$lib/core/data/tabular-schema';
import { TEXT_WIDTH } from '$lib/core/model/text-hashing';
import { POSE_WIDTH } from '$lib/core/pose/normalise';
import type { ControlSettings, ExplanationMask, LabelClass, PoseSettings, Project, ProjectKind, Sample } from '$lib/core/types';
import { watchClasses } from '$lib/storage/classes';
import { controlOf } from '$lib/storage/control';
import { watchProject } from '$lib/storage/projects';
import { recordHandOver } from '$lib/storage/models';
import { recordModelChoice } from '$lib/storage/backbones';
import { appErrors } from '../errors.svelte';
import { Acts } from './acts';
import { Asking, type Asker } from './asking.svelte';
import { IdleRefit } from './idle-refit';
import { LearnerLink } from './learner-link';
import { ModelInspection } from './model-inspection';
import { ModelSaving } from './model-saving';
import { SampleIndex } from './sample-index.svelte';
import { UndoHistory } from './undo-history.svelte';
import { UpdateTiming } from './update-timing';

/** Below this confidence a suggestion is marked so the eye goes to it. */
export const LOW_CONFIDENCE = 0.6;
/**
 * The teach loop of one project: what the database holds (SampleIndex: the samples in view, never all
 * of them), what the model suggests, and the human's acts. An act is written to the database first;
 * the learner hears of it (LearnerLink), then its answer is shown here. The jobs live in this folder:
 * acts.ts, learner-link.ts, sync-diff.ts, sample-index, model-saving.ts, model-inspection.ts, asking,
 * idle-refit.ts, update-timing.ts.
 */
export class TeachState {
	classes = $state.raw<LabelClass[]>([]);
	/** The model's suggestion of each sample it has scored; only the ones that changed are replaced. */
	readonly suggestions = new SvelteMap<string, Suggestion>();
	version = $state(0);
	focusId = $state<string | null>(null);
	learning = $state(false);
	/** The worker is still learning from the last acts in the background; better suggestions follow. */
	practising = $state(false);
	/** Acts kept while learning is frozen, to be learned on unfreezing. */
	held = $state(0);
	/** The network learning now, as the learner describes it (null until it answers). */
	model = $state.raw<ModelInForce | null>(null);
	/** Unlabelled samples the model learned from in its last idle steps (core/semi). */
	fromPool = $state(0);
	/** On a pretrained backbone: pictures with features, of how many (the learner computes the rest in the background). */
	features = $state.raw<{ done: number; total: number } | null>(null);
	/** Samples the learner holds, and how many it has scored with the current weights (it re-scores the rest in the background). */
	scoring = $state.raw({ pool: 0, scored: 0 });
	preparing = $state(false);
	neighbours = $state.raw<NeighbourInfo[]>([]);
	/** What the last background refit found, for the status line. */
	refitNote = $state<string | null>(null);
	// As the database says: the imported extractor the project learns on (null: the from-scratch CNN),
	// its kind and a spreadsheet's columns, where no sample should matter, and how the model learns.
	backboneId = $state<string | null>(null);
	/** A picture project whose model is chosen by measurement, with its last check (Project.modelChoice); null when the human chose it. */
	modelChoice = $state.raw<Project['modelChoice'] | null>(null);
	kind = $state<ProjectKind>('image');
	tabular = $state.raw<TabularSchema | null>(null);
	ignoreRegion = $state.raw<ExplanationMask | null>(null);
	control = $state.raw<ControlSettings>(controlOf(undefined));
	/** A pose project's choices (mirror, keeping photos, the landmark model); null for other kinds. */
	pose = $state.raw<PoseSettings | null>(null);
	/** A notes project that masks likely personal data in what it shows (core/data/personal-data.ts). */
	maskPersonal = $state(false);
	readonly history = new UndoHistory();
	readonly index: SampleIndex;
	readonly inspect: ModelInspection;
	/** The cards in view, as the grid reports them. */
	private inView: string[] = [];
	private readonly asking = new Asking(this);
	private readonly handOversLogged = new Set<number>();
	/** The weights the suggestions were made with (SyncResult.revision), or that the learner opened the project with. */
	private revision = -1;
	private readonly timing = new UpdateTiming();
	private readonly saving: ModelSaving;
	private readonly link: LearnerLink;
	private readonly acts: Acts;
	private readonly idleRefit: IdleRefit;
	private readonly modelListeners = new Set<() => void>();
	private readonly arrived = { project: false, classes: false };
	private readonly stops: (() => void)[] = [];

	constructor(readonly projectId: string) {
		this.index = new SampleIndex(projectId, () => this.classes.map((c) => c.id), (changed) => this.link.sendChanges(changed), () => this.maskPersonal);
		this.saving = new ModelSaving(projectId, () => this.link.client?.project.saveModel());
		this.link = new LearnerLink(this, this.timing, { result: (r) => this.apply(r), opened: (revision) => (this.revision = revision), reopened: () => (this.history.clear(), this.inspect.forget()) });
		this.inspect = new ModelInspection(() => this.link.client?.project, () => this.revision, () => this.link.settled());
		this.acts = new Acts(this, this.link, this.timing);
		this.idleRefit = new IdleRefit(() => this.link.client?.project.refit(), () => this.index.labelled, (note, outcome) => void this.refitDone(note, outcome).catch((error) => appErrors.show(error)));
		const onError = (error: unknown) => appErrors.show(error);
		const project = (p: Parameters<Parameters<typeof watchProject>[1]>[0]) => {
			[this.backboneId, this.kind, this.tabular, this.ignoreRegion, this.control] = [p?.backboneId ?? null, p?.kind ?? 'image', p?.tabular ?? null, p?.ignoreRegion ?? null, controlOf(p)];
			this.modelChoice = p?.modelChoice ?? null;
			this.maskPersonal = !!p?.maskPersonal;
			this.pose = p?.pose ?? null;
			this.loadedNow('project');
		};
		const classes = (c: LabelClass[]) => ((this.classes = c), this.index.refreshCounts(), this.loadedNow('classes'));
		this.stops.push(watchProject(projectId, project, onError), watchClasses(projectId, classes, onError), () => this.index.destroy());
		const saveNow = () => void this.saving.now();
		addEventListener('pagehide', saveNow);
		this.stops.push(() => removeEventListener('pagehide', saveNow));
	}

	/** A sample's record (read when first asked for: the caller updates when it arrives). */
	sample(id: string | null | undefined): Sample | undefined {
		return this.index.get(id);
	}

	get focused(): Sample | undefined {
		return this.sample(this.focusId);
	}
	className = (classId: string | null | undefined): string => this.classes.find((c) => c.id === classId)?.name ?? '';

	/** What a spreadsheet or notes project learns on; undefined for pictures. */
	get rowModel(): RowModel | undefined {
		if (this.kind === 'text') return { kind: 'text', width: TEXT_WIDTH };
		if (this.kind === 'pose') return { kind: 'pose', width: POSE_WIDTH };
		return this.kind === 'tabular' && this.tabular ? { kind: 'tabular', width: this.tabular.width } : undefined;
	}

	/** Whether live mode must send whole frames (a model on an extractor sees more than 32x32). */
	get wantsFrames(): boolean {
		return this.link.wantsFrames;
	}

	/** What the page shows, scored first after an act: the focused sample, the cards in view, the head of the queue. */
	get wanted(): string[] {
		return [...new Set([...(this.focusId ? [this.focusId] : []), ...this.inView, ...this.asking.head()])];
	}

	/** The grid shows these cards now: they are scored, if they are not yet, and first from now on. */
	view(ids: readonly string[]): void {
		if (ids.join() === this.inView.join()) return;
		this.inView = [...ids];
		this.showWanted();
	}

	/** What the page shows changed: scored if not yet, and first from now on. */
	showWanted(): void {
		void this.inspect.view(this.wanted).then((fresh) => this.merge(fresh));
	}

	// What to ask next (asking.svelte.ts): the queue's choice, or the least confident unlabelled sample in view.
	nextToAsk = (after?: string) => this.asking.next(after);
	originOf = (sampleId: string) => this.asking.originOf(sampleId);
	/** Whether the model's suggestion stands as the sample's label (at or above the queue's threshold). */
	isPreAccepted = (sampleId: string) => this.asking.preAccepted(sampleId);
	isNovel = (sampleId: string) => this.asking.novel(sampleId);
	/** Whether the sample is asked as a re-check (its earlier answer hidden). */
	isRecheck = (sampleId: string) => this.asking.isRecheck(sampleId);
	recheckAnswered = (sampleId: string, agreed: boolean) => this.asking.recheckAnswered(sampleId, agreed);
	askWith = (asker: Asker) => this.asking.askWith(asker);

	// The human's acts (acts.ts).
	accept = (sampleId?: string) => this.acts.accept(sampleId);
	correct: Acts['correct'] = (...args) => this.acts.correct(...args);
	/** Review: changes a label the human reviewed, without moving on. */
	relabel: Acts['relabel'] = (...args) => this.acts.relabel(...args);
	decide: Acts['decide'] = (...args) => this.acts.decide(...args);
	/** Review: keeps a label the human reviewed. */
	keepLabel: Acts['keepLabel'] = (...args) => this.acts.keepLabel(...args);
	labelMany: Acts['labelMany'] = (...args) => this.acts.labelMany(...args);
	reject = (sampleId?: string) => this.acts.reject(sampleId);
	undo = () => this.acts.undo();
	redo = () => this.acts.redo();
	rollback: Acts['rollback'] = (model) => this.acts.rollback(model);
	paintExplanation: Acts['paintExplanation'] = (...args) => this.acts.paintExplanation(...args);
	clearExplanation: Acts['clearExplanation'] = (sampleId) => this.acts.clearExplanation(sampleId);

	/** The fused targets of unlabelled samples, from ratings and implicit signals; the learner hears what changed. */
	setSignalTargets(targets: Map<string, SignalTarget>, act = false): void {
		this.link.signals = targets;
		this.link.sendChanges([], act);
	}

	/** Calls `listener` whenever the learner answers (new weights or new samples); returns a function that stops it. */
	onModelChange(listener: () => void): () => void {
		this.modelListeners.add(listener);
		return () => this.modelListeners.delete(listener);
	}

	loadNeighbours = async (sampleId: string) => void (this.neighbours = await this.inspect.neighbours(sampleId));

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

	/** Whether the project and its classes have arrived from the database. */
	get loaded(): boolean {
		return this.arrived.project && this.arrived.classes;
	}

	private loadedNow(part: 'project' | 'classes'): void {
		this.arrived[part] = true;
		this.link.sendChanges();
	}

	/** Suggestions that arrived: only those replace what is shown. */
	private merge(fresh: readonly Suggestion[]): void {
		for (const s of fresh) this.suggestions.set(s.sampleId, s);
	}

	/** A hand-over to a bigger network goes into the audit trail once (the learner made it in the background). */
	private logHandOver({ tookOver, name }: ModelInForce): void {
		if (!tookOver || this.handOversLogged.has(tookOver.version)) return;
		this.handOversLogged.add(tookOver.version);
		recordHandOver(this.projectId, { from: tookOver.from, to: name, labels: tookOver.labels, version: tookOver.version }).catch((error) => appErrors.show(error));
	}

	/** The learner's answer or news: the version, fresh suggestions, and the status. */
	get measureModel(): boolean {
		return !!this.modelChoice;
	}

	/**
	 * A background refit ended: its note, its fresh suggestions, and a model choice's check recorded
	 * on the project. A move to the pixels was made in the learner already: the link follows it, and
	 * the learner's model is saved before the project says so, so a reload opens on those weights.
	 */
	private async refitDone(note: string, outcome: RefitOutcome): Promise<void> {
		this.refitNote = note;
		if (outcome.result) this.apply(outcome.result);
		const check = outcome.modelChoice;
		if (!check) return;
		if (check.chose === 'pixels') {
			this.link.movedToPixels();
			await this.saving.now();
		}
		await recordModelChoice(this.projectId, check);
	}

	private apply(result: SyncResult): void {
		const changed = result.revision !== this.revision;
		[this.version, this.revision, this.practising, this.held, this.learning] = [result.version, result.revision, result.practising, result.held, false];
		[this.model, this.fromPool, this.features] = [result.model, result.fromPool, result.features ?? null];
		this.logHandOver(result.model);
		this.scoring = { pool: result.pool, scored: result.scored };
		this.merge(result.suggestions);
		this.focusId ??= this.nextToAsk();
		if (changed) this.saving.soon();
		if (result.partial) return;
		for (const listener of this.modelListeners) listener(); // new weights, or new samples to rank
		this.idleRefit.restart();
		this.timing.answered(result.workMs);
	}
}
