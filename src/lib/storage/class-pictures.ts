import type { PouchLike } from './class-pouch';
import { db } from './db';

/**
 * A student's device holds only the class's pictures it needs: a page of them at a time, the next
 * page once the student has labelled most of what they hold. Each member gets the pictures in an
 * order of their own (seeded by who they are), so members label overlapping but different subsets.
 * The teacher's device, which trains the class model on all of them, replicates them all instead.
 */

export const PICTURE_PAGE = 40;
/** Fewer unlabelled pictures than this on the device, and the next page is fetched. */
const LOW_WATER = 10;

/** A stable order of its own for each member: the pictures' ids sorted by a hash of member and id. */
function memberOrder(memberId: string, ids: string[]): string[] {
	const key = (id: string) => {
		let h = 2166136261;
		for (const c of memberId + id) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
		return h >>> 0;
	};
	return ids.map((id) => [key(id), id] as const).sort((a, b) => a[0] - b[0]).map(([, id]) => id);
}

/** Fetches the next page of pictures when the student is running out; returns how many it asked for. */
export async function fetchPicturesIfLow(projectId: string, memberId: string, local: PouchLike, remote: PouchLike, page = PICTURE_PAGE): Promise<number> {
	const samples = db().samples.where('projectId').equals(projectId);
	const unlabelled = (await samples.count()) - (await samples.filter((s) => !!s.classId).count());
	if (unlabelled >= Math.min(LOW_WATER, page)) return 0;
	const range = { startkey: 'sample:', endkey: 'sample:\uffff' };
	const [there, here] = await Promise.all([remote.allDocs(range), local.allDocs(range)]);
	const held = new Set(here.rows.map((r) => r.id));
	const next = memberOrder(memberId, there.rows.map((r) => r.id).filter((id) => !held.has(id))).slice(0, page);
	if (!next.length) return 0;
	await new Promise<void>((resolve, reject) => local.replicate.from(remote, { doc_ids: next, batch_size: 20 }).on('complete', () => resolve()).on('error', reject));
	return next.length;
}
