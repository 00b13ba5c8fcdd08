import { dependencies, version as appVersion } from '../../../package.json';
import { buildDatasetZip } from '$lib/core/data/dataset-zip';
import { InputError } from '$lib/core/data/input-error';
import { buildModelZip, labelNames } from '$lib/core/data/model-zip';
import type { FileBytes, PortableModel, PortableSample, ProjectContents } from '$lib/core/data/project-contents';
import { buildProjectZip, readProjectZip } from '$lib/core/data/project-zip';
import { MAX_ZIP_FILE_BYTES } from '$lib/core/data/safe-zip';
import { DEFAULT_CLIP_SECONDS } from '$lib/core/sound/clips';
import { soundCnnInput } from '$lib/core/sound/log-mel';
import { poseRowInput } from '$lib/core/pose/normalise';
import type { Project, Sample } from '$lib/core/types';
import { appendEvent } from './events';
import { exportedNote } from './masking';
import { CURRENT_VERSION, db, upgradeSampleToV5, type AttuneDb } from './db';
import { purgeProject } from './projects';
import { latestModel } from './models';
import { countLabelled } from './sample-queries';
import { asRows, pictureOf, type StoredSample } from './stored-images';

/** The user's data is theirs: a whole project in one file and back, the model alone, the labelled images alone. */

const MB = 1024 * 1024;

async function bytesOf(blob: Blob): Promise<FileBytes> {
	return { bytes: new Uint8Array(await blob.arrayBuffer()), type: blob.type };
}

async function liveProject(projectId: string): Promise<Project> {
	const project = await db().projects.get(projectId);
	if (!project || project.deletedAt) throw new InputError('That project is no longer on this device.');
	return project;
}

/** Every row of one project, read in one transaction so the file is a consistent snapshot. */
async function readRows(projectId: string) {
	const d = db();
	return d.transaction('r', [d.projects, d.classes, d.samples, d.events, d.auditHeads, d.models, d.modelWeights], async () => {
		const project = await liveProject(projectId);
		const metas = await d.models.where('projectId').equals(projectId).sortBy('version');
		const weights = await d.modelWeights.bulkGet(metas.map((m) => m.id));
		// A class membership holds this device's password for the class: it never leaves in a file.
		const { class: _membership, ...portable } = project;
		return {
			project: portable as Project,
			classes: await d.classes.where('projectId').equals(projectId).sortBy('order'),
			samples: await d.samples.where('projectId').equals(projectId).sortBy('createdAt'),
			// An index lists equal keys in primary-key order: these come by seq, the order they were written.
			events: await d.events.where('projectId').equals(projectId).toArray(),
			auditHead: await d.auditHeads.get(projectId),
			models: metas.map((meta, i): PortableModel => {
				const row = weights[i];
				if (!row) return { meta };
				// The teaching's record (insights, calibration) stays on this device: the learner rebuilds it as the project is taught on.
				const { id: _, teaching: __, ...artifacts } = row;
				return { meta, artifacts };
			})
		};
	});
}

export async function exportProject(projectId: string): Promise<Blob> {
	const { samples, auditHead, ...rows } = await readRows(projectId);
	// Blobs are read after the transaction: awaiting anything but IndexedDB inside one would end it.
	const shown = samples.map((s) => exportedNote(s, rows.project.maskPersonal));
	const portable = await Promise.all(shown.map(async ({ blob, thumbnail, ...row }): Promise<PortableSample> => ({
		...row,
		blob: await bytesOf(blob),
		...(thumbnail ? { thumbnail: await bytesOf(thumbnail) } : {})
	})));
	const contents: ProjectContents = { ...rows, samples: portable, ...(auditHead ? { auditHead } : {}) };
	const zip = buildProjectZip(contents, { schemaVersion: CURRENT_VERSION, exportedAt: new Date().toISOString(), appVersion });
	return zipBlob(zip, projectId, 'project');
}

/** The zip as a file to save; the export is recorded in the project's log (its audit chain) once the file is made. */
async function zipBlob(zip: Uint8Array, projectId: string, what: 'project' | 'model' | 'dataset'): Promise<Blob> {
	const file = new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
	await appendEvent(projectId, { type: 'project.export', what, bytes: file.size });
	return file;
}

/** Ids are kept as exported; one already used by another project means the file is not what it claims. */
async function refuseClashes(database: AttuneDb, c: ProjectContents): Promise<void> {
	const taken = async (table: { bulkGet(keys: string[]): Promise<unknown[]> }, ids: string[]) => (await table.bulkGet(ids)).some(Boolean);
	if (
		(await taken(database.classes, c.classes.map((x) => x.id))) ||
		(await taken(database.samples, c.samples.map((x) => x.id))) ||
		(await taken(database.models, c.models.map((x) => x.meta.id)))
	) throw new InputError('This file’s rows clash with another project on this device (the same ids); it was not made from a project Attune exported. Nothing was imported.');
}

/**
 * Opens a project file: checks all of it first, then writes every row in one transaction, ids and
 * event fields exactly as exported so its audit chain still verifies, and logs the import on top.
 */
export async function importProject(file: Blob): Promise<Project> {
	if (file.size > MAX_ZIP_FILE_BYTES) throw new InputError(`This file is ${Math.ceil(file.size / MB)} MB, more than the ${MAX_ZIP_FILE_BYTES / MB} MB Attune opens. Nothing was imported.`);
	const c = readProjectZip(new Uint8Array(await file.arrayBuffer()), CURRENT_VERSION);
	// A project exported while deleted comes back live: importing it is asking for it. A class
	// membership (a server and a password) never comes in a file: a crafted one could carry one.
	const { deletedAt: _, class: _membership, ...project } = c.project;
	// Whether a sample is an audit pick follows from its label and where it came from, not from the file.
	const samples: StoredSample[] = c.samples.map(({ blob, thumbnail, auditAt: _, ...row }) => ({
		...upgradeSampleToV5(row as Sample),
		...pictureOf(blob.bytes, blob.type),
		...(thumbnail ? pictureOf(thumbnail.bytes, thumbnail.type, 'thumbnail') : {})
	}));
	const database = db();
	// Every table: appendEvent keeps the audit chain in tables of its own, which the transaction must name.
	await database.transaction('rw', database.tables, async () => {
		const existing = await database.projects.get(project.id);
		if (existing && !existing.deletedAt) throw new InputError(`This project is already on this device: “${existing.name}”. Nothing was imported.`);
		if (existing) await purgeProject(database, project.id);
		await refuseClashes(database, c);
		// seq is this device's key for the log; the chain links records by n and hash, so a taken seq can be renumbered.
		const seqFree = (await database.events.bulkGet(c.events.map((e) => e.seq!))).every((e) => !e);
		await database.projects.add(project);
		await database.classes.bulkAdd(c.classes);
		await database.samples.bulkAdd(asRows(samples));
		await database.events.bulkAdd(seqFree ? c.events : c.events.map(({ seq: _, ...e }) => e as typeof e & { seq?: number }));
		if (c.auditHead) await database.auditHeads.put(c.auditHead);
		await database.models.bulkAdd(c.models.map((m) => m.meta));
		await database.modelWeights.bulkAdd(c.models.flatMap((m) => (m.artifacts ? [{ id: m.meta.id, ...m.artifacts }] : [])));
		await appendEvent(project.id, { type: 'project.import', name: project.name, samples: samples.length, events: c.events.length });
	});
	return project;
}

const HEAD_ONLY =
	'This project learns on an imported feature extractor, so its saved weights are only the small head on top of it, which cannot run alone. ' +
	'Switch the project to the built-in CNN to export a model that works by itself.';

/**
 * The newest saved model as TensorFlow.js files with Teachable-Machine-style metadata (labels in
 * output order, how to prepare an image), to use outside Attune.
 */
export async function exportModel(projectId: string): Promise<Blob> {
	const project = await liveProject(projectId);
	if (project.backboneId) throw new InputError(HEAD_ONLY);
	if (project.kind !== 'image' && project.kind !== 'sound' && project.kind !== 'pose') throw new InputError('Only picture, sound and pose models can be exported so far.');
	const saved = await latestModel(projectId);
	if (!saved) throw new InputError('This project has no saved model yet: label a few samples so it learns, then export it.');
	if (saved.meta.backboneId) throw new InputError(HEAD_ONLY);
	if (!saved.meta.classIds) throw new InputError('The saved model does not record which output is which class; label one more sample so it is saved again, then export it.');
	const database = db();
	const [classes, events] = await Promise.all([database.classes.where('projectId').equals(projectId).toArray(), database.events.where('projectId').equals(projectId).toArray()]);
	const zip = buildModelZip({
		modelName: project.name,
		version: saved.meta.version,
		artifacts: saved.artifacts,
		labels: labelNames(saved.meta.classIds, classes, events),
		tfjsVersion: dependencies['@tensorflow/tfjs'],
		appVersion,
		exportedAt: new Date().toISOString(),
		accuracy: saved.meta.accuracy,
		heldOut: saved.meta.heldOut,
		calibration: { temperature: saved.teaching?.temperature ?? 1, labels: await countLabelled(projectId) },
		...(project.kind === 'sound' ? { input: soundCnnInput(project.clipSeconds ?? DEFAULT_CLIP_SECONDS) } : {}),
		...(project.kind === 'pose' ? { input: poseRowInput(project.pose?.mirror ?? false) } : {})
	});
	return zipBlob(zip, projectId, 'model');
}

/** The samples' original files in the ImageFolder layout: a folder per class, "unlabelled/" for the rest. */
export async function exportDataset(projectId: string): Promise<Blob> {
	const database = db();
	const { project, classes, samples } = await database.transaction('r', [database.projects, database.classes, database.samples], async () => {
		return {
			project: await liveProject(projectId),
			classes: await database.classes.where('projectId').equals(projectId).sortBy('order'),
			samples: await database.samples.where('projectId').equals(projectId).sortBy('createdAt')
		};
	});
	if (!samples.length) throw new InputError('This project has no samples to export yet.');
	const items = await Promise.all(samples.map((s) => exportedNote(s, project.maskPersonal)).map(async (s) => ({ name: s.name, classId: s.classId, file: await bytesOf(s.blob) })));
	return zipBlob(buildDatasetZip(classes, items), projectId, 'dataset');
}
