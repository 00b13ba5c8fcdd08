import { watch, type Unwatch } from './live';
import type { LabelVia, QueryOrigin, Sample, SampleSource } from '$lib/core/types';
import { appendEvent } from './events';
import { db } from './db';

export interface NewSample {
	name: string;
	blob: Blob;
	thumbnail: Blob;
	input: Uint8Array;
}

/** Stores a batch of samples and the event that records them, together or not at all. */
export async function addSamples(projectId: string, items: readonly NewSample[], source: SampleSource, classId: string | null = null): Promise<Sample[]> {
	const now = Date.now();
	const samples: Sample[] = items.map((item, i) => ({
		id: crypto.randomUUID(),
		projectId,
		...(classId ? { classId } : {}),
		...item,
		source,
		createdAt: now + i / 1000, // keeps the batch's order
		updatedAt: now
	}));
	const database = db();
	await database.transaction('rw', database.samples, database.events, database.projects, async () => {
		await database.samples.bulkAdd(samples);
		await appendEvent(projectId, { type: 'sample.add', sampleIds: samples.map((s) => s.id), source, classId }, now);
		await database.projects.update(projectId, { updatedAt: now });
	});
	return samples;
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
	query?: QueryOrigin
): Promise<{ previous: string | null; updatedAt: number }> {
	const database = db();
	return database.transaction('rw', database.samples, database.events, async () => {
		const sample = await database.samples.get(sampleId);
		if (!sample) throw new Error('That sample no longer exists.');
		const previous = sample.classId ?? null;
		const updatedAt = Date.now();
		await database.samples.update(sampleId, { classId: classId ?? undefined, updatedAt, labelledFrom: classId ? query : undefined });
		await appendEvent(sample.projectId, { type: 'sample.label', sampleId, classId, previous, via, modelVersion, ...(query ? { query } : {}) });
		return { previous, updatedAt };
	});
}

/** Records that the human said "not this class" to a suggestion. */
export async function rejectSuggestion(sampleId: string, classId: string, modelVersion: number): Promise<void> {
	const sample = await db().samples.get(sampleId);
	if (!sample) throw new Error('That sample no longer exists.');
	await appendEvent(sample.projectId, { type: 'sample.reject', sampleId, classId, modelVersion });
}
