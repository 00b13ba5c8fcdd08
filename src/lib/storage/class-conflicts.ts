import { parseDocId, type LabelDoc } from '$lib/core/class/docs';
import type { PouchLike } from './class-pouch';

/**
 * A member who labels the same picture differently on two devices while both are offline makes a
 * conflict with themselves. Replication keeps both revisions (one wins for now, the other is kept);
 * nothing is dropped until the member says which label stands.
 */

export interface OwnConflict {
	docId: string;
	hash: string;
	/** Every label the revisions hold, the current winner's first. */
	labels: (string | null)[];
}

/**
 * Which of these label documents (all of this member's, when `ids` is undefined: a scan of every
 * label, made once per opening) have more than one revision standing.
 */
export async function ownConflicts(local: PouchLike, ids: string[] | undefined, memberId?: string): Promise<OwnConflict[]> {
	const { rows } = await local.allDocs(ids ? { keys: ids, include_docs: true, conflicts: true } : { startkey: 'label:', endkey: 'label:\uffff', include_docs: true, conflicts: true });
	const mine = rows.filter((r) => (ids || parseDocId(r.id).member === memberId) && r.doc?._conflicts?.length);
	return Promise.all(
		mine.map(async ({ id, doc }) => {
			const others = await Promise.all(doc!._conflicts!.map((rev) => local.get(id, { rev })));
			return { docId: id, hash: parseDocId(id).hash!, labels: [(doc as unknown as LabelDoc).label, ...others.map((o) => (o as unknown as LabelDoc).label)] };
		})
	);
}

/** Settles a conflict: the chosen label becomes the one revision, the others are removed; returns the revision written. */
export async function resolveOwnConflict(local: PouchLike, docId: string, label: string | null): Promise<{ id: string; rev: string }> {
	const current = await local.get(docId, { conflicts: true });
	for (const rev of current._conflicts ?? []) await local.remove(docId, rev);
	const { _conflicts, ...doc } = current;
	return local.put({ ...doc, label, at: Date.now() });
}
