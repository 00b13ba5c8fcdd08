import Dexie from 'dexie';

/**
 * The name of whoever uses this device, kept in memory for the audit trail. Every record carries it,
 * and appends run inside their callers' transactions, which need not include `settings`; reading it
 * there would take a second transaction that could queue behind one waiting on ours. So it is read
 * when the database opens (db.ts: `on('ready')` runs before any other transaction), kept up to date
 * by setProfileName in this tab and by Dexie's change notices from other tabs and workers.
 */

export const PROFILE_KEY = 'profile.name';
export const DEFAULT_PROFILE = 'me';

let cached: string | undefined;
let source: Dexie | undefined;

function fromRow(row: { value?: unknown } | undefined): string {
	return typeof row?.value === 'string' && row.value ? row.value : DEFAULT_PROFILE;
}

/** Reads the stored name into memory; while the database opens, read through the `vip` handle Dexie's ready event passes. */
export async function loadProfileName(database: Dexie, reader: Dexie = database): Promise<string> {
	source = database;
	cached = fromRow(await reader.table('settings').get(PROFILE_KEY));
	return cached;
}

/** The name as last read or set; undefined only before the database has opened. */
export function cachedProfileName(): string | undefined {
	return cached;
}

export function rememberProfileName(name: string): void {
	cached = name;
}

// Another tab or a worker changed settings: read the name again (a write in this tab lands here too, harmlessly).
Dexie.on('storagemutated', (parts) => {
	const database = source;
	if (!database || !Object.keys(parts).some((part) => part.startsWith(`idb://${database.name}/settings/`))) return;
	Dexie.ignoreTransaction(() => database.table('settings').get(PROFILE_KEY))
		.then((row) => {
			if (source === database) cached = fromRow(row);
		})
		.catch(() => undefined); // closed meanwhile: the next open reads it afresh
});
