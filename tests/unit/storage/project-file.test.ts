import * as tf from '@tensorflow/tfjs';
import Dexie from 'dexie';
import { strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '$lib/core/audit/chain';
import { buildImageCnn } from '$lib/core/model/image-cnn';
import { toArtifacts } from '$lib/core/model/artifacts';
import type { Sample } from '$lib/core/types';
import { addClass, deleteClass } from '$lib/storage/classes';
import { CURRENT_VERSION, db, DB_NAME, resetDbForTests } from '$lib/storage/db';
import { paintExplanation } from '$lib/storage/explanations';
import { saveCurrentModel, saveModelVersion } from '$lib/storage/models';
import { exportDataset, exportModel, exportProject, importProject } from '$lib/storage/project-file';
import { createProject, deleteProject } from '$lib/storage/projects';
import { addSamples, labelSample } from '$lib/storage/samples';
import { addRows } from '$lib/storage/rows';
import { declareSize, editZip, zipOf } from '../helpers/hostile-zip';
import { useFreshDb } from '../helpers/fresh-db';

const CLASS_MARKUP = '<img src=x onerror=alert(1)>';
const image = (n: number, type = 'image/png') => new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, n])], { type });
const item = (name: string, n: number, type?: string) => ({ name, blob: image(n, type), thumbnail: image(100 + n, 'image/jpeg'), input: new Uint8Array(1024).fill(n) });
const artifacts = () => ({ modelTopology: { class_name: 'Sequential' }, weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }], weightData: new Float32Array([1, 2]).buffer });
const mask = () => Uint8Array.from({ length: 1024 }, (_, i) => (i < 40 ? 1 : 0));

/** A project with a bit of everything: classes (one named in markup), labels, a painted explanation, two model versions. */
async function seedProject(name = '<b>Birds</b> & “friends”') {
	const project = await createProject(name, 'image', 100);
	const cat = await addClass(project.id, CLASS_MARKUP);
	const dog = await addClass(project.id, 'dog');
	const samples = await addSamples(project.id, [item('cat.png', 1), item('Drawing 1', 2), item('dog.jpeg', 3, 'image/jpeg')], 'upload');
	await labelSample(samples[0]!.id, cat.id, 'correct', 0);
	await labelSample(samples[2]!.id, dog.id, 'accept', 1);
	await paintExplanation(samples[0]!.id, mask(), 'ignore', 'sample', 1);
	await saveModelVersion({ id: `${project.id}:v1`, projectId: project.id, version: 1, createdAt: 5, backend: 'cpu', trigger: 'manual', classIds: [cat.id] }, artifacts());
	await saveCurrentModel(project.id, 2, 'cpu', artifacts(), 6, [dog.id, cat.id]);
	return { project, cat, dog, samples };
}

const bytes = async (blob?: Blob) => blob && { type: blob.type, bytes: new Uint8Array(await blob.arrayBuffer()) };
const withBytes = async (s: Sample) => ({ ...s, blob: await bytes(s.blob), thumbnail: await bytes(s.thumbnail) });

/** Every row of every table, blobs and weights as bytes: what "nothing changed" is checked against. */
async function dump() {
	const d = db();
	return {
		projects: await d.projects.toArray(),
		classes: await d.classes.toArray(),
		samples: await Promise.all((await d.samples.toArray()).map(withBytes)),
		events: await d.events.toArray(),
		auditHeads: await d.auditHeads.toArray(),
		models: await d.models.toArray(),
		modelWeights: (await d.modelWeights.toArray()).map((w) => ({ ...w, weightData: new Uint8Array(w.weightData) })),
		settings: await d.settings.toArray()
	};
}

const fileBytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const asFile = (zip: Uint8Array) => new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
const json = (files: Record<string, Uint8Array>, name: string) => JSON.parse(new TextDecoder().decode(files[name]));
/** Changes one JSON entry of a zip's files in place. */
const editJson = (files: Record<string, Uint8Array>, name: string, edit: (value: any) => void) => {
	const value = json(files, name);
	edit(value);
	files[name] = strToU8(JSON.stringify(value));
};
/** Changes every line of a JSON Lines entry in place. */
const editLines = (files: Record<string, Uint8Array>, name: string, edit: (row: any, i: number) => void) => {
	const rows = new TextDecoder().decode(files[name]).trim().split('\n').map((line) => JSON.parse(line));
	rows.forEach(edit);
	files[name] = strToU8(rows.map((row) => JSON.stringify(row)).join('\n'));
};

describe('project file: export and import', () => {
	useFreshDb();

	it('gives back every row as it was after export, delete and import, the import logged on the imported chain', async () => {
		const { project } = await seedProject();
		const before = await dump();
		const file = await exportProject(project.id);
		await deleteProject(project.id);

		const sut = await importProject(file);

		const after = await dump();
		const imported = after.events.at(-1)!;
		expect(sut).toEqual(before.projects[0]);
		expect({ ...after, events: after.events.slice(0, -1), auditHeads: [] }).toEqual({ ...before, auditHeads: [] });
		expect(imported).toMatchObject({ type: 'project.import', projectId: project.id, name: project.name, samples: 3, events: before.events.length });
		expect(after.classes.find((c) => c.name === CLASS_MARKUP)).toBeDefined();
		const exportedHead = before.auditHeads.find((h) => h.projectId === project.id);
		if (exportedHead) {
			expect(imported).toMatchObject({ n: exportedHead.n + 1, prev: exportedHead.hash });
			expect(after.auditHeads).toEqual([{ projectId: project.id, n: imported.n, hash: imported.hash }]);
			expect(await verifyChain(after.events, after.auditHeads[0])).toEqual({ ok: true, records: imported.n });
		}
	});

	it('refuses a project that is still on this device, changing nothing', async () => {
		const { project } = await seedProject();
		const file = await exportProject(project.id);
		const before = await dump();

		await expect(importProject(file)).rejects.toThrow(`This project is already on this device: “${project.name}”`);

		expect(await dump()).toEqual(before);
	});

	it('brings in no class membership, even from a file crafted to carry one', async () => {
		const { project } = await seedProject();
		const membership = { server: 'http://evil.example:5984', db: 'class-aaaaaaaaaa', classId: 'aaaaaaaaaa', name: 'X', role: 'teacher', memberId: 't-x', password: 'p', displayName: 'X' };
		const zip = editZip(await fileBytes(await exportProject(project.id)), (files) => editJson(files, 'project.json', (p) => (p.class = membership)));
		await deleteProject(project.id);

		const imported = await importProject(asFile(zip));

		expect(imported.class).toBeUndefined();
		expect((await db().projects.get(project.id))?.class).toBeUndefined();
	});

	it('aborts everything, the purge of the deleted copy included, when a row clashes with another project', async () => {
		const { project } = await seedProject();
		const other = await seedProject('Other');
		const zip = editZip(await fileBytes(await exportProject(project.id)), (files) =>
			editLines(files, 'samples.jsonl', (row, i) => i === 0 && (row.id = other.samples[0]!.id))
		);
		await deleteProject(project.id);
		const before = await dump();

		await expect(importProject(asFile(zip))).rejects.toThrow(/clash with another project on this device/);

		expect(await dump()).toEqual(before);
	});

	it.each([
		['random bytes', async () => new Uint8Array(500).fill(7), /not a zip archive/],
		['a truncated file', async (zip: Uint8Array) => zip.slice(0, zip.length / 2), /damaged or incomplete/],
		['a path-traversal name', async (zip: Uint8Array) => editZip(zip, (f) => (f['../../evil.js'] = strToU8('alert(1)'))), /unsafe to open: it holds an entry named “..\/..\/evil.js”/],
		['a zip that is no Attune project', async () => zipOf({ 'project.json': '{}', 'notes.txt': 'hello' }), /not an Attune project: it has no attune.json/],
		['a manifest of another format', async (zip: Uint8Array) => editZip(zip, (f) => editJson(f, 'attune.json', (m) => (m.format = 'other'))), /attune.json does not describe one/],
		['a directory declaring too much', async (zip: Uint8Array) => declareSize(zip, 'project.json', 200 * 1024 * 1024), /too large to open safely: one file in it unpacks to 200 MB/],
		['a corrupt entry', async (zip: Uint8Array) => editZip(zip, (f) => (f['classes.json'] = strToU8('[{"id":'))), /classes.json is not valid JSON/],
		['an absolute name', async (zip: Uint8Array) => editZip(zip, (f) => (f['/etc/cron.d/x'] = strToU8('x'))), /unsafe to open/],
		['a class of another project', async (zip: Uint8Array) => editZip(zip, (f) => editJson(f, 'classes.json', (c) => (c[0].projectId = 'someone-else'))), /classes.json holds rows of another project/],
		['a sample labelled with a missing class', async (zip: Uint8Array) => editZip(zip, (f) => editLines(f, 'samples.jsonl', (row) => (row.classId = 'no-such-class'))), /labelled with a class that is not in the file/],
		['a newer schema', async (zip: Uint8Array) => editZip(zip, (f) => editJson(f, 'attune.json', (m) => (m.schemaVersion = CURRENT_VERSION + 1))), new RegExp(`made by a newer Attune \\(schema ${CURRENT_VERSION + 1}\\); update the app to open it`)],
		['a sample without its file', async (zip: Uint8Array) => editZip(zip, (f) => Object.keys(f).filter((k) => k.endsWith('original.png')).forEach((k) => delete f[k])), /has no file samples\//],
		['a zip bomb whose directory lies', async () => declareSize(zipOf({ 'attune.json': '{"format":"attune-project","schemaVersion":4}', 'samples.jsonl': new Uint8Array(32 * 1024 * 1024) }, 9), 'samples.jsonl', 64), /unpacks to more than the 64 bytes it declares/]
	])('refuses %s, changing nothing', async (_, make, message) => {
		const { project } = await seedProject();
		const zip = await make(await fileBytes(await exportProject(project.id)));
		await deleteProject(project.id);
		const before = await dump();

		await expect(importProject(asFile(zip))).rejects.toThrow(message);

		expect(await dump()).toEqual(before);
	});
});

describe('project file on another device', () => {
	useFreshDb();

	it('renumbers the log where its numbers are taken; the chain, which never hashes them, still verifies', async () => {
		const { project } = await seedProject();
		const file = await exportProject(project.id);
		resetDbForTests();
		await Dexie.delete(DB_NAME);
		await seedProject('Already here');

		await importProject(file);

		const events = await db().events.where('projectId').equals(project.id).toArray();
		const head = await db().auditHeads.get(project.id);
		expect(events.map((e) => e.type).slice(0, 2)).toEqual(['project.create', 'class.add']);
		expect(events[0]!.seq).toBeGreaterThan(1);
		expect(head?.n).toBe(events.length); // the imported chain's head came with it
		expect(await verifyChain(events, head!)).toEqual({ ok: true, records: events.length });
	});
});

describe('model and dataset export', () => {
	useFreshDb();

	it('exports the newest model as TensorFlow.js files that load, with labels in output order', async () => {
		await tf.setBackend('cpu');
		const { project, cat, dog } = await seedProject();
		const model = buildImageCnn({ height: 32, width: 32, channels: 1, classes: 2 });
		const saved = await toArtifacts(model);
		await saveCurrentModel(project.id, 3, 'cpu', saved, 7, [dog.id, cat.id]);
		await deleteClass(cat.id);

		const files = unzipSync(await fileBytes(await exportModel(project.id)));

		const modelJson = json(files, 'model.json');
		const metadata = json(files, 'metadata.json');
		expect(Object.keys(files).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
		expect(modelJson).toMatchObject({ format: 'layers-model', convertedBy: null, weightsManifest: [{ paths: ['weights.bin'], weights: saved.weightSpecs }] });
		expect(files['weights.bin']).toEqual(new Uint8Array(saved.weightData));
		expect(metadata).toMatchObject({ packageName: 'attune', modelName: project.name, labels: ['dog', CLASS_MARKUP], imageSize: 32, userMetadata: { modelVersion: 3, input: { shape: [null, 32, 32, 1] } } });
		const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: files['weights.bin']!.slice().buffer }));
		expect(loaded.outputs[0]!.shape).toEqual([null, 2]);
		model.dispose();
		loaded.dispose();
	});

	it('exports a sound project’s model with the recipe for its spectrogram, for its clip length', async () => {
		await tf.setBackend('cpu');
		const { project, cat, dog } = await seedProject();
		await db().projects.update(project.id, { kind: 'sound', clipSeconds: 2 });
		const model = buildImageCnn({ height: 32, width: 32, channels: 1, classes: 2 });
		await saveCurrentModel(project.id, 1, 'cpu', await toArtifacts(model), 7, [dog.id, cat.id]);

		const input = json(unzipSync(await fileBytes(await exportModel(project.id))), 'metadata.json').userMetadata.input;

		expect(input.shape).toEqual([null, 32, 32, 1]);
		expect(input.description).toContain('log-mel spectrogram of one 2 s clip of mono sound at 16000 Hz');
		model.dispose();
	});

	it('refuses to export a model that is missing, or only a head on an imported extractor', async () => {
		const empty = await createProject('Empty', 'image');
		const { project } = await seedProject();
		await db().projects.update(project.id, { backboneId: 'mobilenet' });

		await expect(exportModel(empty.id)).rejects.toThrow(/no saved model yet/);
		await expect(exportModel(project.id)).rejects.toThrow(/imported feature extractor, so its saved weights are only the small head/);
	});

	it('exports the samples in the ImageFolder layout: a folder per class, the rest in unlabelled/', async () => {
		const { project, samples } = await seedProject();
		await db().classes.add({ id: 'u', projectId: project.id, name: 'unlabelled', color: '#000', order: 9 });
		await labelSample(samples[1]!.id, 'u', 'correct', 0);
		const [extra] = await addSamples(project.id, [item('cat.png', 4)], 'upload');

		const files = unzipSync(await fileBytes(await exportDataset(project.id)));

		expect(Object.keys(files).sort()).toEqual(['_img src=x onerror=alert(1)_/cat.png', 'dog/dog.jpeg', 'unlabelled (no class)/cat.png', 'unlabelled/Drawing 1.png']);
		expect(files['unlabelled (no class)/cat.png']).toEqual(new Uint8Array(await extra!.blob.arrayBuffer()));
	});
});

describe('project file of a spreadsheet or notes project', () => {
	useFreshDb();

	it('carries rows, notes, their schema and features, and imports back on a fresh device', async () => {
		const tabular = await createProject('Readings', 'tabular');
		const schema = { label: 'site', columns: [{ name: 'humidity', type: 'number' as const, mean: 50, std: 10, min: 40, max: 60, decimals: 0, missing: 0, flagged: false }], width: 1, features: [{ column: 0, name: 'humidity' }] };
		await addRows(tabular.id, [{ name: 'Row 1', cells: ['41'], features: new Float32Array([-0.9]), label: 'north' }], 'import', { schema });
		const notes = await createProject('Notes', 'text');
		await addRows(notes.id, [{ name: 'a fox', text: 'a fox by the river', features: new Float32Array([0.5, -0.5]), label: null }], 'paste');
		const files = [await exportProject(tabular.id), await exportProject(notes.id)];
		resetDbForTests();
		await Dexie.delete(DB_NAME);

		for (const file of files) await importProject(file);

		expect((await db().projects.get(tabular.id))?.tabular).toEqual(schema);
		const [row] = await db().samples.where('projectId').equals(tabular.id).toArray();
		const [note] = await db().samples.where('projectId').equals(notes.id).toArray();
		expect([row!.cells, Array.from(row!.features!), await row!.blob.text()]).toEqual([['41'], [Float32Array.of(-0.9)[0]], '41']);
		expect([note!.text, note!.source, Array.from(note!.features!)]).toEqual(['a fox by the river', 'paste', [0.5, -0.5]]);
	});
});
