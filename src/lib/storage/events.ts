import { watch, type Unwatch } from './live';
import type { FeedbackEvent, StoredEvent } from '$lib/core/types';
import { appendChained } from './audit';
import { db } from './db';

export { logTables } from './audit';

/**
 * Appends an event to the log, as the next record of its project's audit chain (storage/audit.ts).
 * Call it inside the same transaction as the change it records, with logTables(database) among that
 * transaction's tables, so the act and its record are durable together or not at all.
 */
export function appendEvent(projectId: string | null, event: FeedbackEvent, at = Date.now()): Promise<number> {
	return appendChained(projectId, event, at);
}

/** The newest events first. */
export function recentEvents(projectId: string, limit = 50): Promise<StoredEvent[]> {
	return db().events.where('projectId').equals(projectId).reverse().limit(limit).toArray();
}

export function watchRecentEvents(projectId: string, onChange: (events: StoredEvent[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => recentEvents(projectId), onChange, onError);
}
