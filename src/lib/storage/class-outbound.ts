import { hashedText } from '$lib/core/audit/chain';
import { auditDocId, consensusDocId, contentHash, labelDocId, sampleDocId, type AuditDoc, type ConsensusDoc, type LabelDoc } from '$lib/core/class/docs';
import type { ClassLink, FeedbackEvent, Sample, StoredEvent } from '$lib/core/types';
import type { PouchDoc, PouchFactory, PouchLike } from './class-pouch';
import { db } from './db';

/**
 * Local → class: what this device's human did goes into its copy of the class, from which replication
 * carries it to the server. Driven by the audit log, which holds every act: each record becomes an
 * audit document, and each sample a record touched gets its picture (once) and this member's label
 * (a student) or decision (the teacher). Writing the same label twice writes nothing, so running it
 * again is harmless.
 */

const BATCH = 500;

/** A document revision this device wrote. */
export interface Written {
	id: string;
	rev: string;
}

/** Writes what the records after the cursor did into the local copy; returns the revisions it wrote. */
export async function pushLocal(projectId: string, link: ClassLink, local: PouchLike, pouch: PouchFactory): Promise<Written[]> {
	const database = db();
	const cursor = (await database.classCursors.get(projectId)) ?? { projectId, eventSeq: 0, changesSeq: 0 };
	const events = await database.events.where(':id').above(cursor.eventSeq).filter((e) => e.projectId === projectId).limit(BATCH).toArray();
	if (!events.length) return [];
	const written: Written[] = [];
	for (const record of events) written.push(...(await putAudit(local, link.memberId, projectId, record)));
	const touched = [...new Set(events.flatMap(sampleIdsOf))];
	const samples = (await database.samples.bulkGet(touched)).filter((s): s is Sample => !!s && s.projectId === projectId);
	const names = new Map((await database.classes.where('projectId').equals(projectId).toArray()).map((c) => [c.id, c.name]));
	for (const sample of samples) {
		const hash = await hashOf(sample);
		written.push(...(await putSample(local, pouch, hash, sample)));
		written.push(...(await putLabel(local, link, hash, sample.classId ? (names.get(sample.classId) ?? null) : null)));
	}
	await database.classCursors.put({ ...cursor, eventSeq: events.at(-1)!.seq! });
	return events.length === BATCH ? [...written, ...(await pushLocal(projectId, link, local, pouch))] : written;
}

function sampleIdsOf(record: StoredEvent): string[] {
	const event = record as FeedbackEvent;
	// Pictures that came from the class are there already, with their labels.
	if (event.type === 'sample.add') return event.source === 'class' ? [] : event.sampleIds;
	if (event.type === 'sample.label' || event.type === 'sample.edit') return [event.sampleId];
	return [];
}

/** The sample's content address, computed once and kept on it. */
export async function hashOf(sample: Sample): Promise<string> {
	if (sample.contentHash) return sample.contentHash;
	const hash = await contentHash(await sample.blob.arrayBuffer());
	await db().samples.update(sample.id, { contentHash: hash });
	return hash;
}

async function existing<T>(local: PouchLike, id: string): Promise<T | null> {
	try {
		return (await local.get(id)) as unknown as T;
	} catch (error) {
		if ((error as { status?: number }).status === 404) return null;
		throw error;
	}
}

/** The picture, once: its document holds only what the bytes decide, so two devices write the same revision. */
async function putSample(local: PouchLike, pouch: PouchFactory, hash: string, sample: Sample): Promise<Written[]> {
	if (await existing(local, sampleDocId(hash))) return [];
	const attachment = async (blob: Blob, type: string) => ({ content_type: type, data: (await pouch.binary(blob)) as Blob });
	const attachments: NonNullable<PouchDoc['_attachments']> = { image: await attachment(sample.blob, sample.blob.type || 'application/octet-stream') };
	if (sample.input) attachments.input = await attachment(new Blob([sample.input as Uint8Array<ArrayBuffer>]), 'application/octet-stream');
	return [await local.put({ _id: sampleDocId(hash), type: 'sample', _attachments: attachments })];
}

/** This member's label (a student) or the class's decision (the teacher), when it changed. */
async function putLabel(local: PouchLike, link: ClassLink, hash: string, label: string | null): Promise<Written[]> {
	const id = link.role === 'teacher' ? consensusDocId(hash) : labelDocId(hash, link.memberId);
	const before = await existing<LabelDoc | ConsensusDoc>(local, id);
	if ((before?.label ?? null) === label) return [];
	const at = Date.now();
	const doc: LabelDoc | ConsensusDoc =
		link.role === 'teacher' ? { _id: id, type: 'consensus', label, by: link.memberId, at } : { _id: id, type: 'label', member: link.memberId, name: link.displayName, label, at };
	return [await local.put({ ...doc, ...(before?._rev ? { _rev: before._rev } : {}) } as unknown as PouchDoc)];
}

/** One record of this member's chain, exactly as it was hashed; records are never rewritten. */
async function putAudit(local: PouchLike, memberId: string, chain: string, record: StoredEvent): Promise<Written[]> {
	if (!record.n || !record.hash || record.prev === undefined) return [];
	const id = auditDocId(memberId, chain, record.n);
	if (await existing(local, id)) return [];
	const doc: AuditDoc = { _id: id, type: 'audit', member: memberId, n: record.n, prev: record.prev, hash: record.hash, canonical: hashedText(record, record.prev).slice(record.prev.length) };
	return [await local.put(doc as unknown as PouchDoc)];
}
