import { isBackendName, type BackendName } from '$lib/core/types';
import { appendEvent, logTables } from './events';
import { db } from './db';

const FORCED_BACKEND = 'backend.force';

export async function getForcedBackend(): Promise<BackendName | null> {
	const row = await db().settings.get(FORCED_BACKEND);
	return isBackendName(row?.value) ? row.value : null;
}

export async function setForcedBackend(backend: BackendName | null): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.settings, ...logTables(database)], async () => {
		const from = await getForcedBackend();
		await database.settings.put({ key: FORCED_BACKEND, value: backend });
		await appendEvent(null, { type: 'settings.backend', from, to: backend });
	});
}
