import { describe, expect, it } from 'vitest';
import { verifyAudit } from '$lib/storage/audit';
import { addClass } from '$lib/storage/classes';
import { db } from '$lib/storage/db';
import { appendEvent as sut, logTables } from '$lib/storage/events';
import { createProject, renameProject } from '$lib/storage/projects';
import { rejectSuggestion } from '$lib/storage/samples';
import { useFreshDb } from '../helpers/fresh-db';
import { taughtProject } from '../helpers/taught-project';

const project = (id: string) => ({ id, name: id, kind: 'image' as const, createdAt: 1, updatedAt: 1, openedAt: 1 });
const numbers = async (projectId: string) => (await db().events.where('projectId').equals(projectId).toArray()).map((r) => r.n).sort((a, b) => a! - b!);

describe('appendEvent inside its caller’s transaction', () => {
	useFreshDb();

	it('(why it needs help) after a bare await on WebCrypto the transaction has committed, and later writes escape it', async () => {
		const database = db();

		const write = database.transaction('rw', database.projects, async () => {
			await crypto.subtle.digest('SHA-256', new Uint8Array(8));
			await database.projects.add(project('late'));
		});

		await expect(write).rejects.toThrow('Transaction committed too early');
		expect(await database.projects.count()).toBe(1); // written on its own, though the transaction failed
	});

	it('keeps the transaction open across the hash: what the caller writes after it lands with it', async () => {
		const database = db();

		await database.transaction('rw', [database.projects, ...logTables(database)], async () => {
			await database.projects.add(project('p'));
			await sut('p', { type: 'project.create', name: 'p', kind: 'image' });
			await sut('p', { type: 'project.rename', from: 'p', to: 'q' });
			await database.projects.update('p', { name: 'q' });
		});

		expect((await database.projects.get('p'))?.name).toBe('q');
		expect(await verifyAudit('p')).toEqual({ ok: true, records: 2 });
	});

	it('rolls the record and the head back with the caller’s failed transaction', async () => {
		const { id } = await createProject('Kept', 'image');
		const database = db();

		const failing = database.transaction('rw', [database.projects, ...logTables(database)], async () => {
			await sut(id, { type: 'project.rename', from: 'Kept', to: 'Lost' });
			throw new Error('the change after it failed');
		});

		await expect(failing).rejects.toThrow('the change after it failed');
		await renameProject(id, 'Renamed');
		expect(await numbers(id)).toEqual([1, 2]);
		expect(await verifyAudit(id)).toEqual({ ok: true, records: 2 });
	});

	it('gives appends from concurrent transactions on one project one unbroken chain', async () => {
		const { project: taught, robin, samples } = await taughtProject();

		await Promise.all([
			...['A', 'B', 'C', 'D', 'E'].map((name) => addClass(taught.id, name)),
			...samples.map((s) => rejectSuggestion(s.id, robin.id, 3)),
			renameProject(taught.id, 'Busy'),
			...[1, 2, 3].map((v) => sut(taught.id, { type: 'model.rollback', from: v, to: 0 }))
		]);

		expect(await numbers(taught.id)).toEqual(Array.from({ length: 9 + 11 }, (_, i) => i + 1));
		expect(await verifyAudit(taught.id)).toEqual({ ok: true, records: 20 });
	});

	it('chains appends started together inside one transaction one after another', async () => {
		const database = db();

		await database.transaction('rw', logTables(database), () => Promise.all([1, 2, 3, 4].map((v) => sut('p', { type: 'model.rollback', from: v, to: 0 }))));

		expect(await numbers('p')).toEqual([1, 2, 3, 4]);
		expect(await verifyAudit('p')).toEqual({ ok: true, records: 4 });
	});

	it('refuses a transaction that lacks the audit tables, saying what to add', async () => {
		const database = db();

		const write = database.transaction('rw', database.projects, database.events, () => sut('p', { type: 'project.delete' }));

		await expect(write).rejects.toThrow('Logging “project.delete” needs the audit tables in its transaction: add ...logTables(database) to its table list.');
		expect(await database.events.count()).toBe(0);
	});
});
