import { liveQuery } from 'dexie';

/** Stop watching. */
export type Unwatch = () => void;

/**
 * Calls `onChange` with the query's result now and after every change to what it read, from any tab
 * or worker. The one place the UI's live data comes from.
 */
export function watch<T>(query: () => Promise<T>, onChange: (value: T) => void, onError: (e: unknown) => void): Unwatch {
	const subscription = liveQuery(query).subscribe({ next: onChange, error: onError });
	return () => subscription.unsubscribe();
}
