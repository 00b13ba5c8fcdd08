import { describe, expect, it } from 'vitest';
import type { Sample } from '$lib/core/types';
import { db } from '$lib/storage/db';
import { createProject } from '$lib/storage/projects';
import { samplesFrom as sut } from '$lib/storage/sample-queries';
import { useFreshDb } from '../helpers/fresh-db';

/** A stored sample made at `createdAt`. */
function sample(projectId: string, id: string, createdAt: number): Sample {
	return { id, projectId, name: `${id}.png`, blob: new Blob(['x']), input: new Uint8Array(4), source: 'upload', createdAt, updatedAt: createdAt };
}

/** Reads a whole project a page at a time, as the learner worker opens it. */
async function readInPages(projectId: string, limit: number): Promise<string[][]> {
	const pages: string[][] = [];
	let [from, seen] = [-Infinity, new Set<string>()];
	for (;;) {
		const page = await sut(projectId, from, seen, limit);
		pages.push(page.map((s) => s.id));
		if (page.length < limit) return pages;
		const last = page.at(-1)!.createdAt;
		seen = new Set([...(last === from ? seen : []), ...page.filter((s) => s.createdAt === last).map((s) => s.id)]);
		from = last;
	}
}

describe('samplesFrom', () => {
	useFreshDb();

	it('reads a project page by page, oldest first, each sample once, also where many were made at the same moment', async () => {
		const [project, other] = [await createProject('Survey', 'image'), await createProject('Other', 'image')];
		// Made at 1, 2, 2, 2, 2, 2, 3, 4, 4, 5: a page boundary falls inside the run of 2s.
		const times = [1, 2, 2, 2, 2, 2, 3, 4, 4, 5];
		await db().samples.bulkAdd([...times.map((t, i) => sample(project.id, `s${i}`, t)), sample(other.id, 'elsewhere', 2)]);

		const pages = await readInPages(project.id, 3);

		expect(pages.flat().sort()).toEqual(times.map((_, i) => `s${i}`).sort());
		expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
		const order = pages.flat().map((id) => times[Number(id.slice(1))]);
		expect(order).toEqual([...order].sort((a, b) => a! - b!));
	});
});
