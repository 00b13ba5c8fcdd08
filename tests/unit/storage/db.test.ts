import { describe, expect, it } from 'vitest';
import { AttuneDb, CURRENT_VERSION, DB_NAME, splitModelWeights, upgradeProjectToV2 } from '$lib/storage/db';
import { useFreshDb } from '../helpers/fresh-db';

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
});
