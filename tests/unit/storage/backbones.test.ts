import { describe, expect, it } from 'vitest';
import type { BackboneSpec, StoredEvent } from '$lib/core/types';
import { listBackbones, loadBackbone, saveBackbone, setProjectBackbone } from '$lib/storage/backbones';
import { db } from '$lib/storage/db';
import { createProject } from '$lib/storage/projects';
import { useFreshDb } from '../helpers/fresh-db';

const spec = (id: string, createdAt: number): BackboneSpec => ({
	id, name: `model ${id}`, format: 'graph', source: 'files', inputSize: [16, 16], channels: 3, pixelRange: '0..1', width: 8, bytes: 8, createdAt
});
const artifacts = () => ({ modelTopology: { node: [] }, weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }], weightData: new Float32Array([3, 4]).buffer, format: 'graph-model' });

describe('imported extractors in the app database', () => {
	useFreshDb();

	it('stores the description and the files together, logged, and lists the newest first', async () => {
		const project = await createProject('Birds', 'image');
		await saveBackbone(spec('a', 1), artifacts(), project.id);
		await saveBackbone(spec('b', 2), artifacts(), project.id);

		const loaded = await loadBackbone('a');

		expect((await listBackbones()).map((b) => b.id)).toEqual(['b', 'a']);
		expect(loaded?.spec).toEqual(spec('a', 1));
		expect(loaded?.artifacts.format).toBe('graph-model');
		expect(new Float32Array(loaded!.artifacts.weightData)).toEqual(new Float32Array([3, 4]));
		const events = (await db().events.toArray()) as StoredEvent[];
		expect(events.filter((e) => e.type === 'backbone.import')).toHaveLength(2);
	});

	it('switches a project between an extractor and the CNN, logging each switch', async () => {
		const project = await createProject('Birds', 'image');
		await saveBackbone(spec('a', 1), artifacts(), project.id);

		await setProjectBackbone(project.id, 'a');
		await setProjectBackbone(project.id, 'a'); // no change, no event
		const using = (await db().projects.get(project.id))?.backboneId;
		await setProjectBackbone(project.id, null);

		expect(using).toBe('a');
		expect((await db().projects.get(project.id))?.backboneId).toBeUndefined();
		const switches = (await db().events.where('type').equals('project.model').toArray()) as StoredEvent[];
		expect(switches).toMatchObject([{ from: null, to: 'a' }, { from: 'a', to: null }]);
	});

	it('refuses an extractor that is not stored, changing nothing', async () => {
		const project = await createProject('Birds', 'image');

		await expect(setProjectBackbone(project.id, 'gone')).rejects.toThrow(/no longer on this device/);
		expect((await db().projects.get(project.id))?.backboneId).toBeUndefined();
	});
});
