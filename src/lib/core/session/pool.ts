import { combineMasks } from '../explain/masks';
import { NO_LABEL, type Example } from '../model/online-learner';
import { trainingTarget } from '../signals/training-target';
import type { ModelContext } from './context';
import type { PoolView } from './sync-plan';
import type { SessionSample, SignalTarget, SyncNews, SyncRequest } from './types';

/**
 * One project's samples as the learner holds them: their inputs, the human's labels and explanation
 * feedback, what ratings and implicit signals say about the unlabelled ones, the project's "always
 * ignore" region, and the acts held while learning is frozen. The page keeps it in step with the
 * database; everything here can be rebuilt from there.
 */
export class SamplePool implements PoolView {
	private readonly samples = new Map<string, SessionSample>();
	/**
	 * The samples with a label or explanation feedback, and each sample's place in the pool: what the
	 * model trains on is found among these, in pool order, not by walking 50,000 samples at every step.
	 */
	private readonly marked = new Set<string>();
	/** Samples with a human label. */
	private readonly labelledIds = new Set<string>();
	private readonly order = new Map<string, number>();
	/** Fused ratings and implicit signals of unlabelled samples, by sample id. */
	private readonly signals = new Map<string, SignalTarget>();
	private ignoreRegion: Uint8Array | undefined;
	/** Samples acted on while frozen: learned when learning is unfrozen. */
	private readonly held = new Set<string>();

	constructor(private readonly context: ModelContext) {}

	get(id: string): SessionSample | undefined {
		return this.samples.get(id);
	}

	ids(): string[] {
		return [...this.samples.keys()];
	}

	get size(): number {
		return this.samples.size;
	}

	/** How many samples have a human label (kept as they change: the calibration asks at every score). */
	get labelledCount(): number {
		return this.labelledIds.size;
	}

	/** The ids of the samples with a human label, without building their examples (labelled() does, in pool order). */
	labelledSampleIds(): string[] {
		return [...this.labelledIds];
	}

	/**
	 * Takes samples as the database holds them now and says what changed: a label, feedback. A sample
	 * new to the pool arrives with its label; `learnedUntil` says which of its label and feedback the
	 * model learned already (when the project opens on a saved model; later, everything is news).
	 * Older news of a sample than the pool holds is ignored. With an extractor, new samples' features
	 * are left to the background (Features.fillNext): until then the model neither learns nor scores them.
	 */
	async upsert(samples: readonly SessionSample[], learnedUntil = -Infinity): Promise<Pick<SyncNews, 'labels' | 'masks' | 'added' | 'through'> & { remade: string[] }> {
		const news = { labels: [] as SyncNews['labels'], masks: [] as string[], through: -Infinity, added: [] as string[], remade: [] as string[] };
		for (const s of samples) {
			const held = this.samples.get(s.id);
			const at = s.updatedAt ?? Infinity;
			if (held && (held.updatedAt ?? -Infinity) > at) continue;
			news.through = Math.max(news.through, s.updatedAt ?? -Infinity);
			const label = s.classId ?? null;
			if (held ? (held.classId ?? null) !== label : label !== null && at > learnedUntil) news.labels.push({ sampleId: s.id, classId: label });
			if (held ? (held.attentionAt ?? 0) !== (s.attentionAt ?? 0) : !!s.mask && (s.attentionAt ?? Infinity) > learnedUntil) news.masks.push(s.id);
			if (!held) news.added.push(s.id);
			// Changed with neither its label nor its feedback: its input was made again (a notes project's masking).
			else if ((held.updatedAt ?? -Infinity) < at && (held.classId ?? null) === label && (held.attentionAt ?? 0) === (s.attentionAt ?? 0)) news.remade.push(s.id);
			// Only the from-scratch CNN can learn where to look: an extractor's head never sees the pixels.
			const stored = this.context.seesPixels ? s : { ...s, mask: undefined };
			this.samples.set(s.id, stored);
			if (!this.order.has(s.id)) this.order.set(s.id, this.order.size);
			if (stored.classId) this.labelledIds.add(s.id);
			else this.labelledIds.delete(s.id);
			if (stored.classId || stored.mask) this.marked.add(s.id);
			else this.marked.delete(s.id);
		}
		this.context.features?.queue(news.added.map((id) => this.samples.get(id)!));
		return news;
	}

	/** A sync's news that is not about samples: signals and the region. */
	record({ signals = [], ignoreRegion }: Pick<SyncRequest, 'signals' | 'ignoreRegion'>): void {
		for (const { sampleId, target } of signals) {
			if (!this.samples.has(sampleId)) continue;
			if (target) this.signals.set(sampleId, target);
			else this.signals.delete(sampleId);
		}
		if (ignoreRegion) this.ignoreRegion = ignoreRegion.mask ?? undefined;
	}

	isLabelled(id: string): boolean {
		return this.context.classIndex(this.samples.get(id)?.classId) >= 0;
	}

	hasLearnableMask(id: string): boolean {
		return this.context.seesPixels && !!this.samples.get(id)?.mask;
	}

	/** A human label always wins over ratings and signals (fusion.ts): they teach only while a sample is unlabelled. */
	hasLearnableSignal(id: string): boolean {
		return this.signals.has(id) && !this.samples.get(id)?.classId;
	}

	hasLearnableRegion(): boolean {
		return !!this.ignoreRegion && this.context.seesPixels && this.trainingPool().length > 0;
	}

	/** Keeps acts for later (frozen). */
	hold(ids: readonly string[]): void {
		for (const id of ids) this.held.add(id);
	}

	/** Acts held while frozen whose samples are still here. */
	get heldCount(): number {
		let n = 0;
		for (const id of this.held) if (this.samples.has(id)) n++;
		return n;
	}

	/** The acts held while frozen, to be learned now; the hold is emptied. */
	releaseHeld(): string[] {
		const held = [...this.held].filter((id) => this.samples.has(id));
		this.held.clear();
		return held;
	}

	/** Ids of the samples without a human label that the model can score. */
	unlabelledIds(): string[] {
		return [...this.samples.values()].filter((s) => this.context.classIndex(s.classId) < 0 && this.context.inputOf(s)).map((s) => s.id);
	}

	/** The samples with a human label, labels as class indexes, without masks (accuracy, neighbours and the queue use only these). */
	labelled(): Example[] {
		return this.examples(false);
	}

	/** The labelled pictures as the small CNN takes them (their 32x32 pixels), whatever the live model takes: the model choice compares the two (model-choice.ts). */
	labelledOnPixels(): Example[] {
		return this.examples(false, pixelsOf);
	}

	/** What the small CNN would train on: the labelled pictures, and those with explanation feedback, on their pixels. */
	trainingPoolOnPixels(): Example[] {
		return this.examples(true, pixelsOf);
	}

	/** The labelled random audit picks: all the audit baseline learns from. */
	auditPicks(): Example[] {
		return this.labelled().filter((e) => this.samples.get(e.id)?.audit);
	}

	/**
	 * What the model trains on: every labelled sample, and every sample with explanation feedback (one
	 * without a label adds only its penalty), each with its mask joined to the "always ignore" region;
	 * then the unlabelled samples with ratings or signals, each with its weighted target row.
	 */
	trainingPool(): Example[] {
		return [...this.examples(this.context.seesPixels), ...this.signalled()];
	}

	private signalled(): Example[] {
		const out: Example[] = [];
		for (const [id, signal] of this.signals) {
			const s = this.samples.get(id);
			const input = s && !s.classId && !s.mask ? this.context.inputOf(s) : undefined; // a masked one is already in the pool
			const target = input && trainingTarget(signal, this.context.classIds);
			if (input && target) out.push({ id, input, label: NO_LABEL, target });
		}
		return out;
	}

	private examples(guided: boolean, inputOf = (s: SessionSample) => this.context.inputOf(s)): Example[] {
		const out: Example[] = [];
		const ids = [...this.marked].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
		for (const s of ids.map((id) => this.samples.get(id)!)) {
			const label = this.context.classIndex(s.classId);
			const input = inputOf(s);
			if (!input || (label < 0 && !(guided && s.mask))) continue;
			const mask = guided ? combineMasks(s.mask, this.ignoreRegion) : undefined;
			out.push({ id: s.id, input, label: label >= 0 ? label : NO_LABEL, ...(mask ? { mask } : {}) });
		}
		return out;
	}
}

/** A picture's 32x32 ink, as the intake stores it for the small CNN; undefined for a sample that has none (a row). */
function pixelsOf(sample: SessionSample): Uint8Array | undefined {
	return sample.input instanceof Uint8Array ? sample.input : undefined;
}
