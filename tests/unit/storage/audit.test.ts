import { describe, expect, it } from 'vitest';
import { hashRecord } from '$lib/core/audit/chain';
import type { StoredEvent } from '$lib/core/types';
import { auditJsonLines, listAudit, verifyAudit as sut } from '$lib/storage/audit';
import { db } from '$lib/storage/db';
import { createProject, deleteProject, purgeDeleted, renameProject, restoreProject, UNDO_WINDOW_MS } from '$lib/storage/projects';
import { setForcedBackend } from '$lib/storage/settings';
import { useFreshDb } from '../helpers/fresh-db';
import { painting, taughtProject } from '../helpers/taught-project';
import { altered } from '../helpers/altered';

const stored = (projectId: string) => db().events.where('projectId').equals(projectId).toArray();

describe('the audit trail in the database', () => {
	useFreshDb();

	it('chains what the storage functions log, numbered from 1, with who acted, and verifies', async () => {
		const { project } = await taughtProject();

		const records = await stored(project.id);

		expect(await sut(project.id)).toEqual({ ok: true, records: 9 });
		expect(records.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(records.every((r) => r.profile === 'me' && /^[0-9a-f]{64}$/.test(r.hash!))).toBe(true);
		expect(await db().auditHeads.get(project.id)).toEqual({ projectId: project.id, n: 9, hash: records[8]!.hash });
	});

	it("keeps the device's own records (settings) in a chain of their own", async () => {
		const { project } = await taughtProject();

		await setForcedBackend('wasm');
		await setForcedBackend(null);

		expect(await sut(null)).toEqual({ ok: true, records: 2 });
		expect(await sut(project.id)).toEqual({ ok: true, records: 9 });
	});

	it('finds a change to any field of any stored record, and passes again once it is put back', async () => {
		const { project } = await taughtProject();
		for (const original of await stored(project.id)) {
			for (const key of Object.keys(original).filter((k) => k !== 'seq')) {
				await db().events.put({ ...original, [key]: altered(original[key as keyof StoredEvent]) } as StoredEvent);

				expect((await sut(project.id)).ok, `record ${original.n}, ${key}`).toBe(false);
				await db().events.put(original);
			}
		}
		expect(await sut(project.id)).toEqual({ ok: true, records: 9 });
	});

	it('finds one changed byte of a painted region', async () => {
		const { project } = await taughtProject();
		const paint = (await stored(project.id)).find((r) => r.type === 'sample.explanation')!;
		const bytes = painting();
		bytes[500] = bytes[500]! ^ 1;

		await db().events.put({ ...paint, painted: bytes } as StoredEvent);

		expect(await sut(project.id)).toMatchObject({ ok: false, problem: 'changed', message: `Record ${paint.n} was changed after it was written.` });
	});

	it('finds a deleted record in the middle, and the newest deleted', async () => {
		const { project } = await taughtProject();
		const records = await stored(project.id);

		await db().events.delete(records[3]!.seq!);
		expect(await sut(project.id)).toMatchObject({ problem: 'missing', message: 'Record 4 is missing.', index: 3 });
		await db().events.put(records[3]!);
		await db().events.delete(records[8]!.seq!);
		expect(await sut(project.id)).toMatchObject({ problem: 'newest-missing', message: 'Record 9, the newest, is missing.', index: null });
	});

	it('finds an inserted record, made up or correctly hashed and stored among the others', async () => {
		const { project, robin } = await taughtProject();
		const records = await stored(project.id);
		const { seq: _, ...base } = { ...records[4]!, type: 'class.delete', classId: robin.id, name: 'Robin', unlabelled: 2 } as StoredEvent;

		const madeUp = await db().events.add({ ...base, hash: 'f'.repeat(64) });
		expect(await sut(project.id)).toMatchObject({ problem: 'inserted', index: 9, n: 5 });
		await db().events.delete(madeUp);
		await db().events.add({ ...base, hash: hashRecord(base, base.prev!), seq: records[4]!.seq! - 0.5 });

		expect(await sut(project.id)).toMatchObject({ problem: 'inserted', index: 4, n: 5, message: expect.stringContaining('there are two records numbered 5, and a “class.delete” record') });
	});

	it('lists records newest first, by type (exact or prefix), time and words', async () => {
		const { project } = await taughtProject();
		const typesOf = async (filter: Parameters<typeof listAudit>[1]) => (await listAudit(project.id, filter)).map((r) => r.type);

		expect((await listAudit(project.id)).map((r) => r.n)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
		expect(await typesOf({ types: ['sample.'] })).toEqual(['sample.reject', 'sample.explanation', 'sample.label', 'sample.label', 'sample.add']);
		expect(await typesOf({ types: ['sample.label', 'project.'] })).toEqual(['project.rename', 'sample.label', 'sample.label', 'project.create']);
		expect(await typesOf({ types: ['sample'] })).toEqual([]);
		expect(await typesOf({ text: 'WREN' })).toEqual(['class.add']);
		expect(await typesOf({ text: 'garden' })).toEqual(['project.rename']);
	});

	it('lists the records of a time span, both ends included', async () => {
		const { id } = await createProject('Timed', 'image', 1_000);
		await renameProject(id, 'Renamed', 2_000);
		await deleteProject(id, 3_000);
		await restoreProject(id, 4_000);

		const sut = await listAudit(id, { from: 2_000, to: 3_000 });

		expect(sut.map((r) => r.type)).toEqual(['project.delete', 'project.rename']);
	});

	it('exports the trail as JSON Lines, one record per line, oldest first', async () => {
		const { project } = await taughtProject();

		const lines = (await auditJsonLines(project.id)).trimEnd().split('\n').map((line) => JSON.parse(line));

		expect(lines.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(lines.find((r) => r.type === 'sample.explanation').painted.$bytes).toBe(Buffer.from(painting()).toString('base64'));
	});

	it('forgets a purged project’s chain with its records', async () => {
		const { project } = await taughtProject();

		await deleteProject(project.id, 1_000);
		await purgeDeleted(1_000 + UNDO_WINDOW_MS);

		expect(await db().auditHeads.get(project.id)).toBeUndefined();
		expect(await sut(project.id)).toEqual({ ok: true, records: 0 });
	});
});
