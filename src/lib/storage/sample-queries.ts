import Dexie from 'dexie';
import type { Sample } from '$lib/core/types';
import { db } from './db';
import { watch, type Unwatch } from './live';

/**
 * Questions about a project's samples that never read them all: a project of 50,000 is listed by its
 * keys, counted by its indexes, and read a page (or a handful) at a time.
 */

const ofProject = (projectId: string): [unknown[], unknown[]] => [[projectId, Dexie.minKey], [projectId, Dexie.maxKey]];

/** Every sample's id, oldest first, from the index alone. */
export async function sampleIds(projectId: string): Promise<string[]> {
	return (await db().samples.where('[projectId+createdAt]').between(...ofProject(projectId)).primaryKeys()) as string[];
}

/** The ids of the samples with a human label, from the class index alone (cheap at 50,000). */
export async function labelledIds(projectId: string): Promise<string[]> {
	return (await db().samples.where('[projectId+classId]').between(...ofProject(projectId)).primaryKeys()) as string[];
}

/** How many samples have a human label (an unlabelled sample has no key in the class index). */
export function countLabelled(projectId: string): Promise<number> {
	return db().samples.where('[projectId+classId]').between(...ofProject(projectId)).count();
}

/** How many samples each class has. */
export async function countByClass(projectId: string, classIds: readonly string[]): Promise<Map<string, number>> {
	const counts = await Promise.all(classIds.map((c) => db().samples.where('[projectId+classId]').equals([projectId, c]).count()));
	return new Map(classIds.map((c, i) => [c, counts[i]!]));
}

/** The samples with these ids that exist, in the order asked. */
export async function getSamples(ids: readonly string[]): Promise<Sample[]> {
	return (await db().samples.bulkGet([...ids])).filter((s): s is Sample => !!s);
}

/**
 * Up to `limit` samples made at or after `from`, oldest first, leaving out `seen` (those made at
 * exactly `from` that an earlier page held). A page is found by its key, not by an offset, which
 * IndexedDB would walk from the start: the 25th page of a 50,000-sample project costs what the first does.
 */
export async function samplesFrom(projectId: string, from: number, seen: ReadonlySet<string>, limit: number): Promise<Sample[]> {
	const rows = await db().samples.where('[projectId+createdAt]').between([projectId, from], [projectId, Dexie.maxKey]).limit(limit + seen.size).toArray();
	return rows.filter((s) => !seen.has(s.id)).slice(0, limit);
}

/** The newest change to any of the project's samples (-Infinity: none). */
export async function lastChange(projectId: string): Promise<number> {
	const newest = await db().samples.where('[projectId+updatedAt]').between(...ofProject(projectId)).last();
	return newest?.updatedAt ?? -Infinity;
}

/** The samples labelled as random audit picks. */
export function listAuditPicks(projectId: string): Promise<Sample[]> {
	return db().samples.where('[projectId+auditAt]').between(...ofProject(projectId)).toArray();
}

export function watchAuditPicks(projectId: string, onChange: (picks: Sample[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => listAuditPicks(projectId), onChange, onError);
}

/** The samples changed at or after `since`. */
export function samplesChangedSince(projectId: string, since: number): Promise<Sample[]> {
	return db().samples.where('[projectId+updatedAt]').between([projectId, since], [projectId, Dexie.maxKey]).toArray();
}

/**
 * Calls `onChange` with the samples changed at or after `since()` (asked again each time), from this
 * tab, another tab or a worker: what a page that holds only some samples needs to stay current.
 */
export function watchChangedSamples(projectId: string, since: () => number, onChange: (changed: Sample[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => samplesChangedSince(projectId, since()), onChange, onError);
}
