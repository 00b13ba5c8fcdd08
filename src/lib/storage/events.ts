import { watch, type Unwatch } from './live';
import type { FeedbackEvent, StoredEvent } from '$lib/core/types';
import { db } from './db';

/**
 * Appends an event to the log. Call it inside the same transaction as the change it records, so the
 * act and its record are durable together or not at all.
 */
export function appendEvent(projectId: string | null, event: FeedbackEvent, at = Date.now()): Promise<number> {
	return db().events.add({ ...event, projectId, at } as StoredEvent) as Promise<number>;
}

/** The newest events first. */
export function recentEvents(projectId: string, limit = 50): Promise<StoredEvent[]> {
	return db().events.where('projectId').equals(projectId).reverse().limit(limit).toArray();
}

export function watchRecentEvents(projectId: string, onChange: (events: StoredEvent[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => recentEvents(projectId), onChange, onError);
}
