import { watch, type Unwatch } from './live';
import { validateProjectName } from '$lib/core/data/project-name';
import type { Project, ProjectKind } from '$lib/core/types';
import { CLIP_SECONDS_CHOICES, DEFAULT_CLIP_SECONDS } from '$lib/core/sound/clips';
import { InputError } from '$lib/core/data/input-error';
import { BUILTIN_BACKBONE, isBuiltinBackbone } from '$lib/core/model/builtin-backbone';
import { appendEvent, logTables } from './events';
import { db, type AttuneDb } from './db';

export interface ProjectSummary {
	project: Project;
	sampleCount: number;
}

/** How long a deleted project can still be brought back with "Undo". */
export const UNDO_WINDOW_MS = 10_000;

function newId(): string {
	return crypto.randomUUID();
}

/** Live projects, most recently opened first, with their sample counts. */
export async function listProjects(): Promise<ProjectSummary[]> {
	const database = db();
	const projects = (await database.projects.orderBy('openedAt').reverse().toArray()).filter((p) => !p.deletedAt);
	return Promise.all(
		projects.map(async (project) => ({
			project,
			sampleCount: await database.samples.where('projectId').equals(project.id).count()
		}))
	);
}

/** Calls `onChange` with the project list now and after every change, from any tab or worker. */
export function watchProjects(onChange: (list: ProjectSummary[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(listProjects, onChange, onError);
}

export function getProject(id: string): Promise<Project | undefined> {
	return db().projects.get(id);
}

export function watchProject(id: string, onChange: (p: Project | undefined) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => getProject(id), onChange, onError);
}

/**
 * What is chosen when a project is made: a sound project's clip length; whether a pose project counts
 * left and right the same (both fixed); the pretrained backbone a picture project learns on (the Model
 * panel changes it later; none: the small CNN).
 */
export interface ProjectChoices {
	clipSeconds?: number;
	mirror?: boolean;
	backboneId?: string;
	/** A picture project whose model is chosen by measurement: it starts on the built-in backbone (core/session/model-choice.ts). */
	measured?: boolean;
}

export async function createProject(rawName: string, kind: ProjectKind, now = Date.now(), choices: ProjectChoices = {}): Promise<Project> {
	const name = validateProjectName(rawName);
	const { clipSeconds, mirror = false, measured = false } = choices;
	const backboneId = measured ? BUILTIN_BACKBONE.id : choices.backboneId;
	if (measured && kind !== 'image') throw new InputError('Only a picture project has its model chosen by measurement.');
	if (backboneId !== undefined && (kind !== 'image' || !isBuiltinBackbone(backboneId))) throw new InputError('Only a picture project starts on a pretrained backbone, and only on the built-in one.');
	if (clipSeconds !== undefined && !(CLIP_SECONDS_CHOICES as readonly number[]).includes(clipSeconds)) throw new InputError(`A clip lasts ${CLIP_SECONDS_CHOICES.join(', ')} seconds, not ${clipSeconds}.`);
	const project: Project = {
		id: newId(),
		name,
		kind,
		createdAt: now,
		updatedAt: now,
		openedAt: now,
		...(kind === 'sound' ? { clipSeconds: clipSeconds ?? DEFAULT_CLIP_SECONDS } : {}),
		...(backboneId ? { backboneId } : {}),
		...(measured ? { modelChoice: { measured: true as const } } : {}),
		// Bodies are personal data: a pose project keeps only keypoints and blurred pictures unless the human says otherwise.
		...(kind === 'pose' ? { pose: { mirror, keepPhotos: false, landmarkModel: 'lite' as const } } : {})
	};
	const database = db();
	await database.transaction('rw', [database.projects, ...logTables(database)], async () => {
		await database.projects.add(project);
		await appendEvent(project.id, { type: 'project.create', name, kind }, now);
	});
	return project;
}

async function mustGet(id: string): Promise<Project> {
	const project = await db().projects.get(id);
	if (!project) throw new Error(`No project ${id}`);
	return project;
}

export async function renameProject(id: string, rawName: string, now = Date.now()): Promise<void> {
	const name = validateProjectName(rawName);
	const database = db();
	await database.transaction('rw', [database.projects, ...logTables(database)], async () => {
		const project = await mustGet(id);
		if (project.name === name) return;
		await database.projects.update(id, { name, updatedAt: now });
		await appendEvent(id, { type: 'project.rename', from: project.name, to: name }, now);
	});
}

export async function markOpened(id: string, now = Date.now()): Promise<void> {
	await db().projects.update(id, { openedAt: now });
}

/** Hides the project at once; its data stays until the undo window has passed (see purgeDeleted). */
export async function deleteProject(id: string, now = Date.now()): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.projects, ...logTables(database)], async () => {
		await mustGet(id);
		await database.projects.update(id, { deletedAt: now, updatedAt: now });
		await appendEvent(id, { type: 'project.delete' }, now);
	});
}

export async function restoreProject(id: string, now = Date.now()): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.projects, ...logTables(database)], async () => {
		const project = await mustGet(id);
		if (!project.deletedAt) return;
		await database.projects.update(id, { deletedAt: undefined, updatedAt: now });
		await appendEvent(id, { type: 'project.restore' }, now);
	});
}

/** Removes, for good and in one transaction, every project whose undo window has passed, and all it holds. */
export async function purgeDeleted(now = Date.now()): Promise<number> {
	const cutoff = now - UNDO_WINDOW_MS;
	const database = db();
	const tables = [database.projects, database.classes, database.samples, database.features, database.models, database.modelWeights, database.votes, database.classCursors, ...logTables(database)];
	return database.transaction('rw', tables, async () => {
		const doomed = (await database.projects.toArray()).filter((p) => p.deletedAt !== undefined && p.deletedAt <= cutoff);
		for (const { id } of doomed) await purgeProject(database, id);
		return doomed.length;
	});
}

/** Removes a project's rows, everything it holds; the caller's transaction covers every table named. */
export async function purgeProject(database: AttuneDb, projectId: string): Promise<void> {
	const modelIds = await database.models.where('projectId').equals(projectId).primaryKeys();
	await database.modelWeights.bulkDelete(modelIds);
	for (const table of [database.models, database.samples, database.features, database.classes, database.events, database.votes]) await table.where('projectId').equals(projectId).delete();
	await database.classCursors.delete(projectId);
	await database.auditHeads.delete(projectId);
	await database.projects.delete(projectId);
}
