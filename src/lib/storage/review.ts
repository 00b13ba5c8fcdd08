import { InputError } from '$lib/core/data/input-error';
import type { Sample, StoredEvent } from '$lib/core/types';
import { appendEvent, logTables } from './events';
import { db } from './db';
import { watch, type Unwatch } from './live';

/**
 * The human kept a sample's label when Review asked about it (a likely mislabel, or a re-check that
 * differed): logged, and not asked about again while that label stands.
 */
export async function keepLabel(sampleId: string, modelVersion: number): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.samples, ...logTables(database)], async () => {
		const sample = await database.samples.get(sampleId);
		if (!sample?.classId) throw new InputError('That sample has no label to keep any more.');
		const why = sample.recheck ? 'recheck' : 'mislabel';
		await database.samples.update(sampleId, { keptLabel: sample.classId, recheck: undefined, recheckAt: undefined });
		await appendEvent(sample.projectId, { type: 'sample.review', sampleId, classId: sample.classId, why, modelVersion });
	});
}

/** A re-check answered: logged. One that differs from the label waits in Review; the label itself is unchanged. */
export async function answerRecheck(sampleId: string, answer: string, modelVersion: number): Promise<{ agreed: boolean }> {
	const database = db();
	return database.transaction('rw', [database.samples, ...logTables(database)], async () => {
		const sample = await database.samples.get(sampleId);
		if (!sample?.classId) throw new InputError('That sample has no label to re-check any more.');
		const agreed = sample.classId === answer;
		const at = Date.now();
		if (!agreed) await database.samples.update(sampleId, { recheck: { earlier: sample.classId, answer, at }, recheckAt: at });
		await appendEvent(sample.projectId, { type: 'sample.recheck', sampleId, earlier: sample.classId, answer, agreed, modelVersion });
		return { agreed };
	});
}

/** The re-checks that differed and wait in Review, oldest first. */
export function pendingRechecks(projectId: string): Promise<Sample[]> {
	return db().samples.where('[projectId+recheckAt]').between([projectId, -Infinity], [projectId, Infinity]).toArray();
}

export function watchPendingRechecks(projectId: string, onChange: (s: Sample[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => pendingRechecks(projectId), onChange, onError);
}

/** Every re-check answered in the project, oldest first. */
export async function recheckAnswers(projectId: string): Promise<Extract<StoredEvent, { type: 'sample.recheck' }>[]> {
	const events = await db().events.where('type').equals('sample.recheck').toArray();
	return events.filter((e): e is Extract<StoredEvent, { type: 'sample.recheck' }> => e.projectId === projectId && e.type === 'sample.recheck');
}

export function watchRecheckAnswers(projectId: string, onChange: (e: Awaited<ReturnType<typeof recheckAnswers>>) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => recheckAnswers(projectId), onChange, onError);
}
