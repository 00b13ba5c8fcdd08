import { describe, expect, it } from 'vitest';
import { db } from '$lib/storage/db';
import { recentEvents } from '$lib/storage/events';
import {
	createProject, deleteProject, listProjects, markOpened, purgeDeleted, renameProject, restoreProject, UNDO_WINDOW_MS
} from '$lib/storage/projects';
import { saveModelVersion } from '$lib/storage/models';
import { useFreshDb } from '../helpers/fresh-db';

const artifacts = () => ({ modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(4) });

describe('project repository', () => {
	useFreshDb();

	it('creates a project and logs the act in the same transaction', async () => {
		const sut = await createProject('  Garden   birds ', 'image', 100);

		expect(sut.name).toBe('Garden birds');
		expect(await listProjects()).toEqual([{ project: sut, sampleCount: 0 }]);
		expect(await recentEvents(sut.id)).toMatchObject([{ type: 'project.create', name: 'Garden birds', kind: 'image', at: 100 }]);
	});

	it.each([
		['an empty', '', /Give the project a name/],
		['a blank', '   ', /Give the project a name/],
		['a 10,000-character', 'x'.repeat(10_000), /at most 120 characters/]
	])('rejects %s name and stores nothing', async (_, name, message) => {
		await expect(createProject(name, 'image')).rejects.toThrow(message);

		expect(await db().projects.count()).toBe(0);
		expect(await db().events.count()).toBe(0);
	});

	it('fixes a sound project’s clip length when it is made (one second unless chosen), and refuses one it does not offer', async () => {
		expect((await createProject('Birdsong', 'sound', 100)).clipSeconds).toBe(1);
		expect((await createProject('Claps', 'sound', 100, { clipSeconds: 2 })).clipSeconds).toBe(2);
		expect((await createProject('Photos', 'image', 100)).clipSeconds).toBeUndefined();
		await expect(createProject('Odd', 'sound', 100, { clipSeconds: 7 })).rejects.toThrow('A clip lasts 0.5, 1, 2, 3 seconds, not 7.');
		expect(await db().projects.count()).toBe(3);
	});

	it('keeps markup in a name as plain text', async () => {
		const sut = await createProject('<img src=x onerror=alert(1)>', 'image');

		expect(sut.name).toBe('<img src=x onerror=alert(1)>');
	});

	it('lists the most recently opened first, with sample counts', async () => {
		const a = await createProject('A', 'image', 1);
		const b = await createProject('B', 'image', 2);
		await db().samples.add({ id: 's', projectId: a.id, blob: new Blob(['1']), name: 's.png', source: 'upload', createdAt: 3, updatedAt: 3 });
		await markOpened(a.id, 10);

		const sut = await listProjects();

		expect(sut.map((s) => [s.project.name, s.sampleCount])).toEqual([['A', 1], ['B', 0]]);
		expect(b.id).toBeDefined();
	});

	it('renames, logging from and to; a bad name changes nothing', async () => {
		const { id } = await createProject('Old', 'image');

		await renameProject(id, 'New');
		await expect(renameProject(id, '')).rejects.toThrow();

		expect((await db().projects.get(id))?.name).toBe('New');
		expect((await recentEvents(id))[0]).toMatchObject({ type: 'project.rename', from: 'Old', to: 'New' });
	});

	it('hides a deleted project, and undo brings it back whole', async () => {
		const { id } = await createProject('Keep me', 'image');

		await deleteProject(id);
		expect(await listProjects()).toEqual([]);
		await restoreProject(id);

		expect((await listProjects()).map((s) => s.project.name)).toEqual(['Keep me']);
		expect((await recentEvents(id)).map((e) => e.type)).toEqual(['project.restore', 'project.delete', 'project.create']);
	});

	it('purges a deleted project and everything it holds once the undo window has passed', async () => {
		const gone = await createProject('Gone', 'image');
		const kept = await createProject('Kept', 'image');
		for (const p of [gone, kept]) {
			await db().samples.add({ id: `s-${p.id}`, projectId: p.id, blob: new Blob(['1']), name: 's.png', source: 'upload', createdAt: 1, updatedAt: 1 });
			await saveModelVersion({ id: `m-${p.id}`, projectId: p.id, version: 1, createdAt: 1, backend: 'cpu' }, artifacts());
		}
		await deleteProject(gone.id, 1_000);

		expect(await purgeDeleted(1_000 + UNDO_WINDOW_MS - 1)).toBe(0);
		expect(await purgeDeleted(1_000 + UNDO_WINDOW_MS)).toBe(1);

		expect(await db().projects.toArray()).toMatchObject([{ id: kept.id }]);
		for (const table of [db().samples, db().models, db().events]) {
			expect((await table.toArray()).every((row) => row.projectId === kept.id)).toBe(true);
		}
		expect(await db().modelWeights.toArray()).toMatchObject([{ id: `m-${kept.id}` }]);
	});
});
