import { SvelteMap } from 'svelte/reactivity';
import { maskPersonalData } from '$lib/core/data/personal-data';
import type { Sample } from '$lib/core/types';
import { countByClass, countLabelled, getSamples, listAuditPicks, sampleIds, samplesChangedSince, watchChangedSamples } from '$lib/storage/sample-queries';
import { appErrors } from '../errors.svelte';

/** Records kept at most: what a phone can hold while the human scrolls through 50,000 samples. */
const KEEP = 3000;

/**
 * The page's view of one project's samples, without holding them all: every id in order (the grid's),
 * the counts, the labelled audit picks, and the records of the samples in use (the cards in view,
 * the focused one, the queue's), read a batch at a time. It follows the database by what changed
 * since it last looked, from this tab, another or a worker; an act of this tab is applied at once.
 */
export class SampleIndex {
	/** Every sample's id, oldest first. */
	ids = $state.raw<string[]>([]);
	labelled = $state(0);
	/** How many samples each class has. */
	perClass = $state.raw<ReadonlyMap<string, number>>(new Map());
	/** The samples labelled as random audit picks (what the queue's estimates rest on). */
	auditPicks = $state.raw<Sample[]>([]);
	loaded = $state(false);
	private readonly records = new SvelteMap<string, Sample>();
	private readonly maskedCopies = new WeakMap<Sample, Sample>();
	private readonly known = new Set<string>();
	private readonly wanted = new Set<string>();
	private reading: Promise<void> | undefined;
	/** From this moment on it follows every change (and hands each to the learner). */
	readonly watchedFrom = Date.now();
	/** Changes at or after this moment are still news. */
	private since = this.watchedFrom;
	private readonly stop: () => void;

	constructor(
		private readonly projectId: string,
		private readonly classIds: () => readonly string[],
		/** Samples the database changed (not this tab's acts): the learner must hear of them. */
		private readonly onChanged: (changed: Sample[]) => void,
		/** Whether notes are shown with likely personal data masked (the project's setting). */
		private readonly masking: () => boolean = () => false
	) {
		this.stop = watchChangedSamples(projectId, () => this.since, (changed) => this.arrived(changed), (error) => appErrors.show(error));
		void this.start();
	}

	get total(): number {
		return this.ids.length;
	}

	/** A sample's record, if read; reading it is asked for otherwise (the caller re-runs when it arrives). */
	get(id: string | null | undefined): Sample | undefined {
		if (!id) return undefined;
		const found = this.records.get(id);
		if (!found) this.want([id]);
		return found?.text !== undefined && this.masking() ? this.masked(found) : found;
	}

	/** A note as shown while the project masks personal data: text and name masked, made once per record. */
	private masked(sample: Sample): Sample {
		let copy = this.maskedCopies.get(sample);
		if (!copy) this.maskedCopies.set(sample, (copy = { ...sample, text: maskPersonalData(sample.text!), name: maskPersonalData(sample.name) }));
		return copy;
	}

	/** Reads the records of these samples, if not read yet. */
	async ensure(ids: readonly string[]): Promise<void> {
		this.want(ids);
		await this.reading;
	}

	/** An act of this tab, made durable: shown at once (the database's copy, when it arrives, is no news). */
	patch(id: string, patch: Partial<Sample>): Sample | undefined {
		const held = this.records.get(id);
		if (!held) return undefined;
		const next = { ...held, ...patch };
		this.records.set(id, next);
		this.recount([held], [next]);
		return next;
	}

	/** Reads what changed since it last looked now, not when the database's notice arrives (an import just ended, say). */
	async catchUp(): Promise<void> {
		try {
			this.arrived(await samplesChangedSince(this.projectId, this.since));
		} catch (error) {
			appErrors.show(error);
		}
	}

	/** Re-counts the labels per class (after the classes changed). */
	refreshCounts(): void {
		void this.counts();
	}

	destroy(): void {
		this.stop();
	}

	private async start(): Promise<void> {
		try {
			const early = this.ids; // arrived while the ids were read
			const ids = await sampleIds(this.projectId);
			const listed = new Set(ids);
			for (const id of ids) this.known.add(id);
			this.ids = [...ids, ...early.filter((id) => !listed.has(id))];
			await this.counts();
			this.loaded = true;
		} catch (error) {
			appErrors.show(error);
		}
	}

	private async counts(): Promise<void> {
		const [labelled, perClass, auditPicks] = await Promise.all([countLabelled(this.projectId), countByClass(this.projectId, this.classIds()), listAuditPicks(this.projectId)]);
		[this.labelled, this.perClass, this.auditPicks] = [labelled, perClass, auditPicks];
	}

	/** What the database changed since it last looked. */
	private arrived(changed: Sample[]): void {
		const news = changed.filter((s) => (this.records.get(s.id)?.updatedAt ?? -Infinity) < s.updatedAt || !this.known.has(s.id));
		this.since = changed.reduce((t, s) => Math.max(t, s.updatedAt), this.since);
		if (news.length === 0) return;
		// New samples join the end in the order they were made (a change notice lists them by when they last changed).
		const added = news.filter((s) => !this.known.has(s.id)).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)).map((s) => s.id);
		for (const id of added) this.known.add(id);
		if (added.length) this.ids = [...this.ids, ...added];
		for (const s of news) if (this.records.has(s.id) || this.wanted.has(s.id)) this.records.set(s.id, s);
		void this.counts();
		this.onChanged(news);
	}

	/** Adjusts the counts for samples this tab changed. */
	private recount(before: Sample[], after: Sample[]): void {
		const perClass = new Map(this.perClass);
		let labelled = this.labelled;
		for (const s of before) if (s.classId) (labelled--, perClass.set(s.classId, (perClass.get(s.classId) ?? 1) - 1));
		for (const s of after) if (s.classId) (labelled++, perClass.set(s.classId, (perClass.get(s.classId) ?? 0) + 1));
		[this.labelled, this.perClass] = [labelled, perClass];
		if ([...before, ...after].some((s) => s.auditAt || s.labelledFrom?.audit)) void this.counts();
	}

	/** Reads the wanted records not read yet, in one batch after the current one. */
	private want(ids: readonly string[]): void {
		const missing = ids.filter((id) => !this.records.has(id) && !this.wanted.has(id));
		if (missing.length === 0) return;
		for (const id of missing) this.wanted.add(id);
		this.reading = (this.reading ?? Promise.resolve()).then(() => this.read());
	}

	private async read(): Promise<void> {
		const ids = [...this.wanted].filter((id) => !this.records.has(id));
		this.wanted.clear();
		if (ids.length === 0) return;
		try {
			for (const s of await getSamples(ids)) if (!this.records.has(s.id)) this.records.set(s.id, s);
			this.evict(new Set(ids));
		} catch (error) {
			appErrors.show(error);
		}
	}

	/** Forgets the records read longest ago beyond KEEP, never those just asked for. */
	private evict(keep: ReadonlySet<string>): void {
		let over = this.records.size - KEEP;
		for (const id of this.records.keys()) {
			if (over <= 0) break;
			if (keep.has(id)) continue;
			this.records.delete(id);
			over--;
		}
	}
}
