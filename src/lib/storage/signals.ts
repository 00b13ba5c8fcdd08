import { InputError } from '$lib/core/data/input-error';
import type { ImplicitSignal, Rating, StoredEvent } from '$lib/core/types';
import { watch, type Unwatch } from './live';
import { appendEvent } from './events';
import { db } from './db';

const SIGNAL_TYPES = ['sample.label', 'sample.rate', 'sample.signal', 'sample.reject'];

async function projectOf(sampleId: string): Promise<string> {
	const sample = await db().samples.get(sampleId);
	if (!sample) throw new InputError('That sample no longer exists.');
	return sample.projectId;
}

/**
 * Thumbs up/down or "more/less like this" on a suggestion: durable before anything learns from it.
 * Returns the record as stored, so the caller can act on it before the live query reports it.
 */
export async function rateSample(sampleId: string, classId: string, rating: Rating, modelVersion: number): Promise<StoredEvent> {
	const database = db();
	return database.transaction('rw', database.samples, database.events, database.auditHeads, async () => {
		const projectId = await projectOf(sampleId);
		const at = Date.now();
		const event = { type: 'sample.rate', sampleId, classId, rating, modelVersion } as const;
		await appendEvent(projectId, event, at);
		return { ...event, projectId, at };
	});
}

/** Something the human did without meaning to teach (dwell, skip, hover…), kept as a timestamped event. */
export async function recordSignal(sampleId: string, signal: ImplicitSignal, classId: string | null, modelVersion: number, ms?: number): Promise<void> {
	const database = db();
	await database.transaction('rw', database.samples, database.events, database.auditHeads, async () => {
		await appendEvent(await projectOf(sampleId), { type: 'sample.signal', sampleId, classId, signal, modelVersion, ...(ms === undefined ? {} : { ms: Math.round(ms) }) });
	});
}

/** The events signal fusion reads, in log order. */
export async function signalEvents(projectId: string): Promise<StoredEvent[]> {
	// By type (indexed), not the whole log: this runs after every act.
	const events = await db().events.where('type').anyOf(SIGNAL_TYPES).filter((e) => e.projectId === projectId).toArray();
	return events.sort((a, b) => a.seq! - b.seq!);
}

export function watchSignalEvents(projectId: string, onChange: (events: StoredEvent[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => signalEvents(projectId), onChange, onError);
}
