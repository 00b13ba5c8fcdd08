import type { PoseSettings, Sample } from '$lib/core/types';
import { appendEvent, logTables } from './events';
import { db } from './db';
import { toStored, type StoredSample } from './stored-images';

/** A pose project's samples that still keep their photo (a thumbnail beside the picture): the ones to blur when photos stop being kept. */
export async function posesWithPhotos(projectId: string): Promise<Sample[]> {
	const samples = await db().samples.where('projectId').equals(projectId).toArray();
	return samples.filter((s) => s.pose && (s.thumbnail || s.thumb));
}

/**
 * Changes a pose project's settings. Turning photos off replaces every kept photo with `blurred`'s
 * copy in the same transaction, so no photo is left behind, in the project or in its file.
 */
export async function setPoseSettings(projectId: string, change: Partial<Omit<PoseSettings, 'mirror'>>, blurred: ReadonlyMap<string, Blob> = new Map()): Promise<void> {
	const database = db();
	const rows = await Promise.all([...blurred].map(async ([id, blob]) => ({ id, picture: await toStored({ blob }) })));
	await database.transaction('rw', [database.projects, database.samples, ...logTables(database)], async () => {
		const project = await database.projects.get(projectId);
		if (!project?.pose) throw new Error('That is not a pose project.');
		const now = Date.now();
		await database.projects.update(projectId, { pose: { ...project.pose, ...change }, updatedAt: now });
		for (const { id, picture } of rows) {
			const row = (await database.samples.get(id)) as StoredSample | undefined;
			if (!row || row.projectId !== projectId) continue;
			const { thumb: _thumb, image: _image, blob: _blob, thumbnail: _thumbnail, ...rest } = row as StoredSample & { blob?: Blob; thumbnail?: Blob };
			await database.samples.put({ ...rest, ...picture, updatedAt: now } as unknown as Sample);
		}
		await appendEvent(projectId, { type: 'project.pose', change, blurred: rows.length }, now);
	});
}
