import { maskPersonalData } from '$lib/core/data/personal-data';
import { hashText } from '$lib/core/model/text-hashing';
import type { Sample } from '$lib/core/types';
import { appendEvent, logTables } from './events';
import { db } from './db';

/** Notes re-featurised per transaction when the setting changes. */
const CHUNK = 500;

/** What the model learns from a note: its hashed n-grams, of the masked text when the project masks personal data. */
export function noteFeatures(text: string, masked: boolean): Float32Array {
	return hashText(masked ? maskPersonalData(text) : text);
}

/**
 * Turns the masking of personal data in a notes project on or off, logged. Each note is then learned
 * from its masked (or whole) text: its features are made again, a chunk at a time, and as a change
 * of the note (`updatedAt`) the learner relearns it. The stored text is never changed, so turning it
 * off gives the notes back whole.
 */
export async function setMasking(projectId: string, on: boolean): Promise<void> {
	const database = db();
	const changed = await database.transaction('rw', [database.projects, ...logTables(database)], async () => {
		const project = await database.projects.get(projectId);
		if (!project || project.kind !== 'text' || !!project.maskPersonal === on) return false;
		await database.projects.update(projectId, { maskPersonal: on, updatedAt: Date.now() });
		await appendEvent(projectId, { type: 'project.masking', on });
		return true;
	});
	if (!changed) return;
	const ids = (await database.samples.where('projectId').equals(projectId).primaryKeys()) as string[];
	for (let i = 0; i < ids.length; i += CHUNK) {
		await database.transaction('rw', database.samples, database.projects, async () => {
			// Stop if the setting was turned back meanwhile: that change makes every note again itself.
			if (!!(await database.projects.get(projectId))?.maskPersonal !== on) return;
			const now = Date.now();
			for (const sample of await database.samples.bulkGet(ids.slice(i, i + CHUNK))) {
				if (sample?.text !== undefined) await database.samples.update(sample.id, { features: noteFeatures(sample.text, on), updatedAt: now });
			}
		});
	}
}

/** A note as a project that masks personal data exports it: its text, name and file masked. Other samples as they are. */
export function exportedNote<T extends Pick<Sample, 'text' | 'name' | 'blob' | 'image'>>(sample: T, masked: boolean | undefined): T {
	if (!masked || sample.text === undefined) return sample;
	const text = maskPersonalData(sample.text);
	// The file kept inside the record holds the whole text: it is left out, the masked file goes instead.
	const { image: _, ...rest } = sample;
	return { ...rest, text, name: maskPersonalData(sample.name), blob: new Blob([text], { type: 'text/plain' }) } as unknown as T;
}
