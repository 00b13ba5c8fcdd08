import { cleanTag, MAX_TAGS } from '$lib/core/data/tags';
import { InputError } from '$lib/core/data/input-error';
import type { TabularSchema } from '$lib/core/data/tabular-schema';
import { columnOfSlice } from '$lib/core/quality/slices';
import { appendEvent, logTables } from './events';
import { db } from './db';
import { sampleIds } from './sample-queries';

/** Adds (or removes) a tag on samples of one project, with its event, in one transaction. Returns how many changed. */
export async function tagSamples(projectId: string, sampleIds: readonly string[], raw: string, add: boolean): Promise<number> {
	const tag = cleanTag(raw);
	const database = db();
	return database.transaction('rw', [database.samples, ...logTables(database)], async () => {
		const changed: string[] = [];
		for (const sample of await database.samples.bulkGet([...sampleIds])) {
			if (!sample || sample.projectId !== projectId) throw new InputError('One of the chosen samples no longer exists; nothing was tagged.');
			const tags = sample.tags ?? [];
			if (add === tags.includes(tag)) continue;
			if (add && tags.length >= MAX_TAGS) throw new InputError(`A sample can carry at most ${MAX_TAGS} tags; “${sample.name}” has them all.`);
			// Not `updatedAt`: a tag is nothing for the model to learn.
			await database.samples.update(sample.id, { tags: add ? [...tags, tag] : tags.filter((t) => t !== tag) });
			changed.push(sample.id);
		}
		if (changed.length) await appendEvent(projectId, { type: 'sample.tag', sampleIds: changed, tag, add });
		return changed.length;
	});
}

/** The project's samples carrying a tag: keys alone (the tag index and the project's own), no record is read. */
async function taggedIn(tag: string, mine: ReadonlySet<string>): Promise<string[]> {
	return ((await db().samples.where('tags').equals(tag).primaryKeys()) as string[]).filter((id) => mine.has(id));
}


/**
 * The ids of the samples in a slice: a tag (found by its index), or a spreadsheet's category value
 * (the rows are read: a row is small).
 */
export async function sliceMembers(projectId: string, slice: string, schema: TabularSchema | null | undefined): Promise<string[]> {
	const column = columnOfSlice(slice, schema);
	if (!column) return taggedIn(slice, new Set(await sampleIds(projectId)));
	return (await db().samples.where('projectId').equals(projectId).filter((s) => s.cells?.[column.column] === column.value).primaryKeys()) as string[];
}
