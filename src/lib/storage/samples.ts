import { watch, type Unwatch } from './live';
import { InputError } from '$lib/core/data/input-error';
import type { PoseFrame } from '$lib/core/pose/normalise';
import type { LabelVia, OverrideReason, QueryOrigin, Sample, SampleSource } from '$lib/core/types';
import { ensureClass } from './classes';
import { appendEvent, logTables } from './events';
import { db } from './db';
import { asRows, fromStored, toStored, type StoredSample } from './stored-images';

export interface NewSample {
	name: string;
	blob: Blob;
	/** Absent when the stored image is already small enough to be its own thumbnail. */
	thumbnail?: Blob;
	/** A picture's or a sound's 32x32 model input. */
	input?: Uint8Array;
	/** A body's normalised keypoints, the model's input for a pose (core/pose/normalise.ts), and the keypoints themselves. */
	features?: Float32Array;
	pose?: PoseFrame;
	/** Slices it arrives in (a folder import's folder). */
	tags?: string[];
	/** A class's picture: its content address there. */
	contentHash?: string;
	/** A sound clip's length in seconds. */
	seconds?: number;
}

/** Stores a batch of samples and the event that records them, together or not at all. */
export async function addSamples(projectId: string, items: readonly NewSample[], source: SampleSource, classId: string | null = null): Promise<Sample[]> {
	return addSampleGroups(projectId, [{ classId, items }], source);
}

/**
 * Stores a batch of samples in groups, each arriving with its class (null: unlabelled), and an event
 * for each group: one transaction, so a batch is stored whole or not at all (and one that runs out
 * of room changes nothing).
 */
export async function addSampleGroups(projectId: string, groups: readonly { classId: string | null; items: readonly NewSample[] }[], source: SampleSource): Promise<Sample[]> {
	const now = Date.now();
	let order = 0;
	const made = groups.map(({ classId, items }) => ({
		classId,
		samples: items.map((item): Sample => ({
			id: crypto.randomUUID(),
			projectId,
			...(classId ? { classId } : {}),
			...item,
			source,
			createdAt: now + order++ / 1000, // keeps the batch's order (a smaller step is lost in a double at today's epoch ms)
			updatedAt: now
		}))
	}));
	const rows = await Promise.all(made.flatMap((g) => g.samples).map(toStored));
	const database = db();
	await database.transaction('rw', [database.samples, database.projects, ...logTables(database)], async () => {
		await database.samples.bulkAdd(asRows(rows));
		for (const { classId, samples } of made) await appendEvent(projectId, { type: 'sample.add', sampleIds: samples.map((s) => s.id), source, classId }, now);
		await database.projects.update(projectId, { updatedAt: now });
	});
	return made.flatMap((g) => g.samples);
}

/** Stores samples that arrive with class names (made if missing), or none: a pose import's bodies. */
export async function addNamedSamples(projectId: string, items: readonly (NewSample & { className: string | null })[], source: SampleSource): Promise<Sample[]> {
	const byClass = new Map<string | null, NewSample[]>();
	for (const { className, ...item } of items) byClass.set(className, [...(byClass.get(className) ?? []), item]);
	const groups = [];
	for (const [name, group] of byClass) groups.push({ classId: name ? (await ensureClass(projectId, name)).id : null, items: group });
	return addSampleGroups(projectId, groups, source);
}

export function listSamples(projectId: string): Promise<Sample[]> {
	return db().samples.where('projectId').equals(projectId).sortBy('createdAt');
}

export function watchSamples(projectId: string, onChange: (s: Sample[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => listSamples(projectId), onChange, onError);
}

/**
 * Sets (or clears) a sample's human label and logs the act, in one transaction: the act is durable
 * before the learner hears of it. Returns the previous label.
 */
export async function labelSample(
	sampleId: string,
	classId: string | null,
	via: LabelVia,
	modelVersion: number,
	query?: QueryOrigin,
	reason?: OverrideReason
): Promise<{ previous: string | null; updatedAt: number }> {
	const database = db();
	return database.transaction('rw', [database.samples, ...logTables(database)], async () => {
		const sample = await database.samples.get(sampleId);
		if (!sample) throw new Error('That sample no longer exists.');
		const previous = sample.classId ?? null;
		const updatedAt = Date.now();
		const audit = !!classId && !!query?.audit;
		// A new label settles any re-check waiting in Review.
		await database.samples.update(sampleId, { classId: classId ?? undefined, updatedAt, labelledFrom: classId ? query : undefined, auditAt: audit ? updatedAt : undefined, recheck: undefined, recheckAt: undefined });
		await appendEvent(sample.projectId, { type: 'sample.label', sampleId, classId, previous, via, modelVersion, ...(query ? { query } : {}), ...(reason ? { reason: cleanReason(reason) } : {}) });
		return { previous, updatedAt };
	});
}

/** Records that the human said "not this class" to a suggestion. */
export async function rejectSuggestion(sampleId: string, classId: string, modelVersion: number): Promise<void> {
	const sample = await db().samples.get(sampleId);
	if (!sample) throw new Error('That sample no longer exists.');
	await appendEvent(sample.projectId, { type: 'sample.reject', sampleId, classId, modelVersion });
}

const REASON_PRESETS: readonly OverrideReason['preset'][] = ['wrong-class', 'ambiguous', 'bad-sample', 'model-overconfident', 'other'];

/** A reason as stored: a known preset, and the human's words trimmed to a sane length (kept as text, never markup). */
function cleanReason(reason: OverrideReason): OverrideReason {
	if (!REASON_PRESETS.includes(reason.preset)) throw new InputError('Pick one of the listed reasons.');
	const text = reason.text?.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
	if (text && text.length > 500) throw new InputError(`A reason can be at most 500 characters (this one has ${text.length}).`);
	return text ? { preset: reason.preset, text } : { preset: reason.preset };
}

/**
 * Gives many samples one label at once (a multi-select relabel, or a drag onto a class): every
 * change and its event in one transaction. Returns each sample's previous label, for undo.
 */
export async function labelSamples(sampleIds: readonly string[], classId: string, via: LabelVia, modelVersion: number): Promise<{ sampleId: string; previous: string | null; updatedAt: number }[]> {
	const database = db();
	return database.transaction('rw', database.samples, database.events, database.auditHeads, database.classes, async () => {
		const target = await database.classes.get(classId);
		if (!target) throw new InputError('That class no longer exists.');
		const changed = [];
		for (const sampleId of sampleIds) {
			const sample = await database.samples.get(sampleId);
			if (!sample) throw new InputError('One of the chosen samples no longer exists; nothing was relabelled.');
			if (sample.projectId !== target.projectId) throw new InputError('A sample can only get a class of its own project.');
			const previous = sample.classId ?? null;
			if (previous === classId) continue;
			const updatedAt = Date.now();
			await database.samples.update(sampleId, { classId, updatedAt, labelledFrom: undefined, auditAt: undefined, recheck: undefined, recheckAt: undefined });
			await appendEvent(sample.projectId, { type: 'sample.label', sampleId, classId, previous, via, modelVersion });
			changed.push({ sampleId, previous, updatedAt });
		}
		return changed;
	});
}

/**
 * Stores an edited copy of a sample (cropped, rotated, redrawn) as a new sample with the original's
 * label; the original stays as it was.
 */
export async function addEditedSample(originalId: string, item: NewSample, edit: 'crop' | 'rotate' | 'redraw'): Promise<Sample> {
	const picture = await toStored(item);
	const database = db();
	return database.transaction('rw', database.samples, database.events, database.auditHeads, database.projects, async () => {
		const original = await database.samples.get(originalId);
		if (!original) throw new InputError('The sample to edit no longer exists.');
		const now = Date.now();
		const edited: StoredSample = {
			id: crypto.randomUUID(),
			projectId: original.projectId,
			...(original.classId ? { classId: original.classId } : {}),
			...picture,
			source: 'edit',
			editedFrom: originalId,
			createdAt: now,
			updatedAt: now
		};
		await database.samples.bulkAdd(asRows([edited]));
		await appendEvent(original.projectId, { type: 'sample.edit', sampleId: edited.id, from: originalId, edit }, now);
		await database.projects.update(original.projectId, { updatedAt: now });
		return fromStored(edited);
	});
}
