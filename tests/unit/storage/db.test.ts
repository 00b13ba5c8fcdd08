import { describe, expect, it } from 'vitest';
import { GENESIS, verifyChain } from '$lib/core/audit/chain';
import type { StoredEvent } from '$lib/core/types';
import { AttuneDb, chainStoredEvents, CURRENT_VERSION, DB_NAME, splitModelWeights, upgradeProjectToV2 } from '$lib/storage/db';
import { verifyAudit } from '$lib/storage/audit';
import { appendEvent } from '$lib/storage/events';
import { useFreshDb } from '../helpers/fresh-db';

const event = (seq: number, projectId: string | null, at = seq): StoredEvent => ({ seq, projectId, at, type: 'project.rename', from: `n${seq}`, to: `n${seq + 1}` });
const weights = () => ({ modelTopology: { layers: 1 }, weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }], weightData: new Float32Array([1, 2]).buffer });

describe('schema upgrades', () => {
	useFreshDb();

	it('upgradeProjectToV2 takes openedAt from updatedAt when missing, and keeps it when present', () => {
		const base = { id: 'p', name: 'n', kind: 'image' as const, createdAt: 1, updatedAt: 5 };

		expect(upgradeProjectToV2(base).openedAt).toBe(5);
		expect(upgradeProjectToV2({ ...base, openedAt: 9 }).openedAt).toBe(9);
	});

	it('splitModelWeights separates metadata from weights', () => {
		const sut = splitModelWeights({ id: 'm', projectId: 'p', version: 3, createdAt: 1, artifacts: weights() });

		expect(sut.meta).toEqual({ id: 'm', projectId: 'p', version: 3, createdAt: 1, backend: 'cpu' });
		expect(sut.weights?.id).toBe('m');
		expect(new Float32Array(sut.weights!.weightData)).toEqual(new Float32Array([1, 2]));
	});

	it('opens a version-1 database at the current version with every record intact', async () => {
		const v1 = new AttuneDb(DB_NAME, 1);
		await v1.table('projects').add({ id: 'p1', name: 'Birds', kind: 'image', createdAt: 1, updatedAt: 7 });
		await v1.table('samples').add({ id: 's1', projectId: 'p1', blob: new Blob(['x']), source: 'upload', createdAt: 2, updatedAt: 2 });
		await v1.table('events').add({ projectId: 'p1', at: 1, type: 'project.create', name: 'Birds', kind: 'image' });
		await v1.table('models').add({ id: 'm1', projectId: 'p1', version: 1, createdAt: 3, backend: 'webgl', artifacts: weights() });
		v1.close();

		const sut = new AttuneDb(DB_NAME);
		await sut.open();

		expect(sut.verno).toBe(CURRENT_VERSION);
		expect(await sut.projects.get('p1')).toMatchObject({ name: 'Birds', openedAt: 7 });
		expect(await sut.samples.count()).toBe(1);
		expect(await sut.events.count()).toBe(1);
		const model = await sut.models.get('m1');
		expect(model).toEqual({ id: 'm1', projectId: 'p1', version: 1, createdAt: 3, backend: 'webgl' });
		expect(new Float32Array((await sut.modelWeights.get('m1'))!.weightData)).toEqual(new Float32Array([1, 2]));
		sut.close();
	});

	it('chainStoredEvents chains each project (and the device) apart, in the order written, with no profile', async () => {
		const sut = await chainStoredEvents([event(3, 'a'), event(1, 'a'), event(2, null), event(4, 'b'), event(5, 'a')]);

		expect(sut.events.map((e) => [e.seq, e.n])).toEqual([[1, 1], [2, 1], [3, 2], [4, 1], [5, 3]]);
		expect(sut.events.every((e) => e.profile === undefined)).toBe(true);
		expect(sut.events[0]!.prev).toBe(GENESIS);
		expect(sut.events[2]!.prev).toBe(sut.events[0]!.hash);
		expect(sut.heads).toEqual([
			{ projectId: 'a', n: 3, hash: sut.events[4]!.hash },
			{ projectId: '', n: 1, hash: sut.events[1]!.hash },
			{ projectId: 'b', n: 1, hash: sut.events[3]!.hash }
		]);
	});

	it('opens a version-3 database with its records chained, and the chains verify', async () => {
		const v3 = new AttuneDb(DB_NAME, 3);
		for (const e of [event(1, 'p1'), event(2, 'p2'), event(3, 'p1'), event(4, null), event(5, 'p1')]) {
			const { seq: _, ...unkeyed } = e;
			await v3.table('events').add(unkeyed);
		}
		v3.close();

		const sut = new AttuneDb(DB_NAME);
		await sut.open();

		const p1 = await sut.events.where('projectId').equals('p1').toArray();
		expect(p1.map((e) => [e.seq, e.n])).toEqual([[1, 1], [3, 2], [5, 3]]);
		expect(await verifyChain(p1, await sut.auditHeads.get('p1'))).toEqual({ ok: true, records: 3 });
		expect(await verifyChain(await sut.events.where('projectId').equals('p2').toArray(), await sut.auditHeads.get('p2'))).toEqual({ ok: true, records: 1 });
		const own = await sut.events.filter((e) => e.projectId === null).toArray();
		expect(await verifyChain(own, await sut.auditHeads.get(''))).toEqual({ ok: true, records: 1 });
		sut.close();
		await appendEvent('p1', { type: 'project.delete' });
		expect(await verifyAudit('p1')).toEqual({ ok: true, records: 4 });
	});
});
