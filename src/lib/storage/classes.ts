import { watch, type Unwatch } from './live';
import { cleanGuideline } from '$lib/core/data/guideline';
import { InputError } from '$lib/core/data/input-error';
import type { LabelClass } from '$lib/core/types';
import { appendEvent, logTables } from './events';
import { db } from './db';

export const MAX_CLASSES = 10; // one digit key each: 1-9, then 0
const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];

export function validateClassName(raw: string, existing: readonly LabelClass[], selfId?: string): string {
	const name = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
	if (!name) throw new InputError('Give the class a name.');
	if (name.length > 60) throw new InputError(`A class name can be at most 60 characters (this one has ${name.length}).`);
	if (existing.some((c) => c.id !== selfId && c.name.toLowerCase() === name.toLowerCase())) {
		throw new InputError(`There is already a class called “${name}”.`);
	}
	return name;
}

export function listClasses(projectId: string): Promise<LabelClass[]> {
	return db().classes.where('projectId').equals(projectId).sortBy('order');
}

export function watchClasses(projectId: string, onChange: (c: LabelClass[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => listClasses(projectId), onChange, onError);
}

export async function addClass(projectId: string, rawName: string): Promise<LabelClass> {
	const database = db();
	return database.transaction('rw', [database.classes, ...logTables(database)], async () => {
		const existing = await listClasses(projectId);
		if (existing.length >= MAX_CLASSES) throw new InputError(`A project can have at most ${MAX_CLASSES} classes.`);
		const name = validateClassName(rawName, existing);
		const order = Math.max(-1, ...existing.map((c) => c.order)) + 1;
		const used = new Set(existing.map((c) => c.color));
		const color = PALETTE.find((c) => !used.has(c)) ?? PALETTE[order % PALETTE.length]!;
		const created: LabelClass = { id: crypto.randomUUID(), projectId, name, color, order };
		await database.classes.add(created);
		await appendEvent(projectId, { type: 'class.add', classId: created.id, name });
		return created;
	});
}

/** Returns the class by name, creating it when missing (for folder imports). */
export async function ensureClass(projectId: string, name: string): Promise<LabelClass> {
	const existing = (await listClasses(projectId)).find((c) => c.name.toLowerCase() === name.trim().toLowerCase());
	return existing ?? addClass(projectId, name);
}

export async function renameClass(classId: string, rawName: string): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.classes, ...logTables(database)], async () => {
		const current = await database.classes.get(classId);
		if (!current) throw new InputError('That class no longer exists.');
		const name = validateClassName(rawName, await listClasses(current.projectId), classId);
		if (name === current.name) return;
		await database.classes.update(classId, { name });
		await appendEvent(current.projectId, { type: 'class.rename', classId, from: current.name, to: name });
	});
}

export async function recolourClass(classId: string, color: string): Promise<void> {
	if (!/^#[0-9a-f]{6}$/i.test(color)) throw new InputError('Pick a colour like #2563eb.');
	const database = db();
	await database.transaction('rw', [database.classes, ...logTables(database)], async () => {
		const current = await database.classes.get(classId);
		if (!current || current.color === color) return;
		await database.classes.update(classId, { color });
		await appendEvent(current.projectId, { type: 'class.recolour', classId, from: current.color, to: color });
	});
}

/** Deletes a class; its samples go back to unlabelled, in the same transaction. */
export async function deleteClass(classId: string): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.classes, database.samples, ...logTables(database)], async () => {
		const current = await database.classes.get(classId);
		if (!current) return;
		const unlabelled = await database.samples.where('[projectId+classId]').equals([current.projectId, classId]).modify({ classId: undefined, auditAt: undefined, updatedAt: Date.now() });
		await database.classes.delete(classId);
		await appendEvent(current.projectId, { type: 'class.delete', classId, name: current.name, unlabelled });
	});
}

/**
 * Sets a class's guideline: its rule in words and the samples pinned as typical (of the same
 * project). Logged with what it was before, so a drift in labelling can be traced to the moment the
 * rule changed. Empty words and no typical samples remove it.
 */
export async function setGuideline(classId: string, rawText: string, typical: readonly string[]): Promise<void> {
	const to = cleanGuideline(rawText, typical);
	const database = db();
	await database.transaction('rw', [database.classes, database.samples, ...logTables(database)], async () => {
		const current = await database.classes.get(classId);
		if (!current) throw new InputError('That class no longer exists.');
		const samples = await database.samples.bulkGet(to?.typical ?? []);
		if (samples.some((s) => !s || s.projectId !== current.projectId)) throw new InputError('A typical sample must be one of this project’s samples.');
		if (JSON.stringify(to) === JSON.stringify(current.guideline)) return;
		await database.classes.update(classId, { guideline: to });
		await appendEvent(current.projectId, { type: 'class.guideline', classId, from: current.guideline ?? null, to: to ?? null });
	});
}
