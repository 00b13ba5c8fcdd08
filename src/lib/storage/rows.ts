import { InputError } from '$lib/core/data/input-error';
import type { TabularSchema } from '$lib/core/data/tabular-schema';
import { toCsvLine } from '$lib/core/data/tabular-export';
import type { Sample, SampleSource } from '$lib/core/types';
import { ensureClass, MAX_CLASSES } from './classes';
import { noteFeatures } from './masking';
import { appendEvent, logTables } from './events';
import { db } from './db';
import { asRows, fromStored, pictureOf, type StoredSample } from './stored-images';

/** A spreadsheet row or a note as it is stored: what the human sees, and the model's input made once. */
export interface NewRow {
	name: string;
	cells?: string[];
	text?: string;
	features: Float32Array;
	/** The class name to label it with, or null (unlabelled). */
	label: string | null;
}

/**
 * The file a row is kept as, so a project file and a dataset export carry it like any sample: a note
 * as plain text, a row as one line of CSV (kept inside the record when small, as a picture is).
 */
function fileOf(row: NewRow): Partial<StoredSample> {
	const encoded = new TextEncoder().encode(row.text ?? toCsvLine(row.cells ?? []));
	return pictureOf(encoded, row.text !== undefined ? 'text/plain' : 'text/csv');
}

/**
 * Stores rows or notes with their labels, the classes those name, and the events that record it, in
 * one transaction: an import that fails leaves nothing half-written. A spreadsheet project's first
 * import also fixes its schema (`schema`); later ones must come encoded with the stored one.
 */
export async function addRows(
	projectId: string,
	rows: readonly NewRow[],
	source: SampleSource,
	options: { schema?: TabularSchema; /** Classes to have even when no row is labelled with them. */ classes?: readonly string[] } = {}
): Promise<Sample[]> {
	const { schema } = options;
	if (rows.length === 0) throw new InputError('There was nothing to import.');
	const database = db();
	return database.transaction('rw', [database.samples, database.classes, database.projects, ...logTables(database)], async () => {
		const project = await database.projects.get(projectId);
		if (!project) throw new Error('That project no longer exists.');
		if (schema && project.tabular) throw new InputError('This project already has its columns; rows are added with them.');
		const names = [...new Set([...(options.classes ?? []), ...rows.map((r) => r.label).filter((l): l is string => l !== null)])];
		const known = await database.classes.where('projectId').equals(projectId).toArray();
		const fresh = names.filter((n) => !known.some((c) => c.name.toLowerCase() === n.trim().toLowerCase()));
		if (known.length + fresh.length > MAX_CLASSES) {
			throw new InputError(`The labels name ${known.length + fresh.length} classes; a project can have at most ${MAX_CLASSES}. Choose another label column, or none.`);
		}
		const classIdOf = new Map<string, string>();
		for (const name of names) classIdOf.set(name, (await ensureClass(projectId, name)).id);
		const now = Date.now();
		// A notes project that masks personal data learns from the masked text (core/data/personal-data.ts).
		const features = (row: NewRow) => (project.maskPersonal && row.text !== undefined ? noteFeatures(row.text, true) : row.features);
		const samples: StoredSample[] = rows.map((row, i) => {
			const classId = row.label === null ? undefined : classIdOf.get(row.label);
			return {
				id: crypto.randomUUID(),
				projectId,
				...(classId ? { classId } : {}),
				name: row.name,
				...fileOf(row),
				...(row.cells ? { cells: row.cells } : {}),
				...(row.text !== undefined ? { text: row.text } : {}),
				features: features(row),
				source,
				createdAt: now + i / 1000, // keeps the file's order
				updatedAt: now
			};
		});
		await database.samples.bulkAdd(asRows(samples));
		// One event per class, as an image folder import logs it.
		for (const classId of new Set(samples.map((s) => s.classId ?? null))) {
			const ids = samples.filter((s) => (s.classId ?? null) === classId).map((s) => s.id);
			await appendEvent(projectId, { type: 'sample.add', sampleIds: ids, source, classId }, now);
		}
		await database.projects.update(projectId, { updatedAt: now, ...(schema ? { tabular: schema } : {}) });
		return samples.map(fromStored);
	});
}

/** How many samples the project has (to name the next typed-in row). */
export function countRows(projectId: string): Promise<number> {
	return db().samples.where('projectId').equals(projectId).count();
}
