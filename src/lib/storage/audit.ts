import Dexie from 'dexie';
import { GENESIS, hashRecord, toJsonLines, verifyChain, type AuditVerdict } from '$lib/core/audit/chain';
import type { FeedbackEvent, StoredEvent } from '$lib/core/types';
import { db, type AttuneDb } from './db';
import { cachedProfileName, loadProfileName } from './profile';

/** The tables every transaction that logs an act must include: `transaction('rw', [..., ...logTables(database)], ...)`. */
export function logTables(database: AttuneDb) {
	return [database.events, database.auditHeads] as const;
}

/** The key of a chain's head: the project, or '' for the device's own records (settings, shared models). */
const chainKey = (projectId: string | null) => projectId ?? '';

async function addNextRecord(database: AttuneDb, projectId: string | null, event: FeedbackEvent, at: number): Promise<number> {
	const head = await database.auditHeads.get(chainKey(projectId));
	// Loaded when the database opened; reading it here is only a fallback (see profile.ts for why).
	const profile = cachedProfileName() ?? (await Dexie.waitFor(() => loadProfileName(database)));
	const record = { ...event, projectId, at, profile, n: (head?.n ?? 0) + 1, prev: head?.hash ?? GENESIS } as StoredEvent;
	const hash = hashRecord(record, record.prev!);
	const seq = (await database.events.add({ ...record, hash })) as number;
	await database.auditHeads.put({ projectId: chainKey(projectId), n: record.n!, hash });
	return seq;
}

/**
 * Adds an event as the next record of its project's chain. Inside a caller's transaction (which must
 * include logTables) it runs as a Dexie sub-transaction of it; called outside one, it makes its own.
 * Two appends never read the same head: IndexedDB runs overlapping read-write transactions one after
 * the other, and Dexie locks a parent transaction while a sub-transaction of it runs, so appends
 * started together inside one transaction also go one at a time.
 */
export function appendChained(projectId: string | null, event: FeedbackEvent, at: number): Promise<number> {
	const database = db();
	const outer = Dexie.currentTransaction;
	if (outer && !logTables(database).every((table) => outer.storeNames.includes(table.name)))
		return Promise.reject(new Error(`Logging “${event.type}” needs the audit tables in its transaction: add ...logTables(database) to its table list.`));
	return database.transaction('rw', logTables(database), () => addNextRecord(database, projectId, event, at));
}

/** A chain's records in the order they were written (by `seq`). */
function chainRecords(database: AttuneDb, projectId: string | null): Promise<StoredEvent[]> {
	if (projectId !== null) return database.events.where('projectId').equals(projectId).toArray();
	// null is no IndexedDB key, so the device's own records are not in the projectId index.
	return database.events.filter((e) => e.projectId === null || e.projectId === undefined).toArray();
}

/** The records and head of one chain, read together so they agree. */
async function readChain(projectId: string | null) {
	const database = db();
	return database.transaction('r', logTables(database), async () => ({
		records: await chainRecords(database, projectId),
		head: await database.auditHeads.get(chainKey(projectId))
	}));
}

/** Whether a project's trail (null: the device's own) is whole; else its first problem, in words. */
export async function verifyAudit(projectId: string | null): Promise<AuditVerdict> {
	const { records, head } = await readChain(projectId);
	return verifyChain(records, head);
}

export interface AuditFilter {
	/** Event types: exact ('sample.label') or, ending in '.', a prefix ('sample.'). */
	types?: readonly string[];
	/** Times (ms since 1970), inclusive. */
	from?: number;
	to?: number;
	/** Words to find, in any case, in the record's text fields or its type. */
	text?: string;
}

function texts(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (typeof value === 'number') return [String(value)];
	if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return [];
	return Object.values(value).flatMap(texts);
}

function matches(record: StoredEvent, { types, from, to, text }: AuditFilter): boolean {
	if (types?.length && !types.some((t) => (t.endsWith('.') ? record.type.startsWith(t) : record.type === t))) return false;
	if (from !== undefined && record.at < from) return false;
	if (to !== undefined && record.at > to) return false;
	const needle = text?.trim().toLowerCase();
	return !needle || texts({ ...record, prev: undefined, hash: undefined }).some((t) => t.toLowerCase().includes(needle));
}

/** A trail's records that pass the filter, newest first. */
export async function listAudit(projectId: string | null, filter: AuditFilter = {}): Promise<StoredEvent[]> {
	const { records } = await readChain(projectId);
	return records.filter((r) => matches(r, filter)).reverse();
}

/** The whole trail as JSON Lines, oldest first, each record in the canonical form its hash is taken over (core/audit/canonical.ts). */
export async function auditJsonLines(projectId: string | null): Promise<string> {
	return toJsonLines((await readChain(projectId)).records);
}

/** What a report says of the trail: how many records of each kind, their span, and whether the chain is whole. */
export interface AuditSummary {
	records: number;
	byType: Record<string, number>;
	first?: number;
	last?: number;
	verdict: AuditVerdict;
}

export async function auditSummary(projectId: string): Promise<AuditSummary> {
	const { records, head } = await readChain(projectId);
	const byType: Record<string, number> = {};
	for (const r of records) byType[r.type] = (byType[r.type] ?? 0) + 1;
	return { records: records.length, byType, first: records[0]?.at, last: records.at(-1)?.at, verdict: await verifyChain(records, head) };
}
