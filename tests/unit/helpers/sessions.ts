import { afterEach } from 'vitest';

/**
 * Frees what a test opened after it ends, passed or failed, so one test's models never leak into the
 * next one's tensor counts. Returns `keep`, which registers a thing and hands it back.
 */
export function disposeAfterEach(): <T extends { dispose(): void }>(opened: T) => T {
	const open: { dispose(): void }[] = [];
	afterEach(() => {
		for (const o of open.splice(0)) o.dispose();
	});
	return (opened) => (open.push(opened), opened);
}

/** The parts of a session the helpers below need (ProjectSession has them). */
interface Relabelable {
	pool: { get(id: string): import('$lib/core/session/types').SessionSample | undefined };
	upsertSamples(samples: readonly import('$lib/core/session/types').SessionSample[]): Promise<unknown>;
}

/**
 * A change to a sample, as a sync brings it: the sample as the database now holds it (a newer copy
 * than the session's), here with a new label (null: taken back), audit flag or feedback.
 */
export async function change(session: Relabelable, id: string, patch: { classId?: string | null; audit?: boolean; mask?: Uint8Array | null }): Promise<void> {
	const held = session.pool.get(id);
	if (!held) throw new Error(`no sample ${id} in the session`);
	const next = { ...held, updatedAt: (held.updatedAt ?? 0) + 1 };
	if ('classId' in patch) next.classId = patch.classId ?? undefined;
	if (patch.audit !== undefined) next.audit = patch.audit;
	if ('mask' in patch) [next.mask, next.attentionAt] = [patch.mask ?? undefined, (held.attentionAt ?? 0) + 1];
	await session.upsertSamples([next]);
}
