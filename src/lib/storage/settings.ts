import { InputError } from '$lib/core/data/input-error';
import type { MeasuredSelection } from '$lib/core/backend/select';
import { isBackendName, type BackendName } from '$lib/core/types';
import { appendEvent, logTables } from './events';
import { db } from './db';
import { DEFAULT_PROFILE, PROFILE_KEY, rememberProfileName } from './profile';

const FORCED_BACKEND = 'backend.force';
const MEASURED_BACKENDS = 'backend.measured';
export const MAX_PROFILE_NAME = 40;

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

/** The backends measured at an earlier start in this browser (another browser version measures again). */
export async function getMeasuredBackends(userAgent: string): Promise<MeasuredSelection | null> {
	const row = await db().settings.get(MEASURED_BACKENDS);
	const value = row?.value as (MeasuredSelection & { userAgent?: string }) | undefined;
	if (!value || value.userAgent !== userAgent || !isBackendName(value.train) || !Array.isArray(value.trials)) return null;
	return value;
}

export async function setMeasuredBackends(measured: MeasuredSelection, userAgent: string): Promise<void> {
	await db().settings.put({ key: MEASURED_BACKENDS, value: { ...measured, userAgent } });
}

/** Forgets the measurement: the next start tries every backend again. */
export async function forgetMeasuredBackends(): Promise<void> {
	await db().settings.delete(MEASURED_BACKENDS);
}

/** A profile name as stored: control characters out, spaces collapsed, 1 to 40 characters. */
export function validateProfileName(raw: string): string {
	const name = raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
	if (!name) throw new InputError('Give your profile a name: it is written on every record you make.');
	const length = [...name].length;
	if (length > MAX_PROFILE_NAME) throw new InputError(`A profile name can be at most ${MAX_PROFILE_NAME} characters (this one has ${length}).`);
	return name;
}

/** Who uses this device: the name the audit trail writes on every record ('me' until set). */
export async function getProfileName(): Promise<string> {
	const row = await db().settings.get(PROFILE_KEY);
	return typeof row?.value === 'string' && row.value ? row.value : DEFAULT_PROFILE;
}

/** Sets the profile name for the records made from now on; returns it as stored. */
export async function setProfileName(raw: string): Promise<string> {
	const name = validateProfileName(raw);
	await db().settings.put({ key: PROFILE_KEY, value: name });
	rememberProfileName(name);
	return name;
}
