import { describe, expect, it } from 'vitest';
import type { BackboneSpec, StoredEvent } from '$lib/core/types';
import { listBackbones, loadBackbone, recordModelChoice, saveBackbone, setProjectBackbone } from '$lib/storage/backbones';
import { BUILTIN_BACKBONE } from '$lib/core/model/builtin-backbone';
import type { ModelChoiceCheck } from '$lib/core/types';
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

	const check = (chose: ModelChoiceCheck['chose']): ModelChoiceCheck => ({ labels: 30, backbone: { name: 'head', right: 9, loss: 2.4 }, pixels: { name: 'cnn', right: 12, loss: 4.1 }, chose, version: 31 });

	it('a new picture project chosen by measurement starts on the built-in backbone; a check the CNN won moves it, logged with the figures', async () => {
		const project = await createProject('Digits', 'image', Date.now(), { measured: true });
		expect(project).toMatchObject({ backboneId: BUILTIN_BACKBONE.id, modelChoice: { measured: true } });

		await recordModelChoice(project.id, check('backbone'));
		const kept = await db().projects.get(project.id);
		await recordModelChoice(project.id, check('pixels'));
		const moved = await db().projects.get(project.id);

		expect(kept).toMatchObject({ backboneId: BUILTIN_BACKBONE.id, modelChoice: { measured: true, last: { chose: 'backbone' } } });
		expect(moved?.backboneId).toBeUndefined();
		expect(moved?.modelChoice).toMatchObject({ measured: true, last: { chose: 'pixels', labels: 30 } });
		const switches = (await db().events.where('type').equals('project.model').toArray()) as StoredEvent[];
		expect(switches).toMatchObject([{ from: BUILTIN_BACKBONE.id, to: null, measured: true, check: { pixels: { right: 12 }, backbone: { right: 9 } } }]);
	});

	it('once the human chooses the model, a check that arrives later changes nothing; choosing measurement again starts on the backbone', async () => {
		const project = await createProject('Digits', 'image', Date.now(), { measured: true });

		await setProjectBackbone(project.id, BUILTIN_BACKBONE.id);
		await recordModelChoice(project.id, check('pixels'));
		const chosen = await db().projects.get(project.id);
		await setProjectBackbone(project.id, null);
		await setProjectBackbone(project.id, null, { measured: true });

		expect(chosen?.backboneId).toBe(BUILTIN_BACKBONE.id);
		expect(chosen?.modelChoice).toBeUndefined();
		expect(await db().projects.get(project.id)).toMatchObject({ backboneId: BUILTIN_BACKBONE.id, modelChoice: { measured: true } });
	});

	it('refuses measurement for a project that is not pictures', async () => {
		await expect(createProject('Soil', 'tabular', Date.now(), { measured: true })).rejects.toThrow(/Only a picture project/);
	});
});
