import { contentHash, parseDocId, type ClassInfoDoc, type ConsensusDoc, type LabelDoc, type ModelDoc } from '$lib/core/class/docs';
import { countVotes, sampleAgreement } from '$lib/core/quality/agreement';
import type { ClassLink, Sample } from '$lib/core/types';
import { sniffImageType, SNIFF_BYTES } from '$lib/core/data/image-file';
import type { PouchChange, PouchDoc, PouchFactory, PouchLike } from './class-pouch';
import { ensureClass } from './classes';
import { CONSENSUS, db, type VoteRow } from './db';
import { addSamples, type NewSample } from './samples';

/**
 * Class → local: what the other members did, as it arrives in this device's copy of the class.
 * Pictures become samples (once per content address); other members' labels and the teacher's
 * decisions become votes; a student's own labels (from another of their devices) and, on the teacher's
 * device, the class's labels (the decision, else the majority unless tied) become the project's
 * labels. None of it is an act of this device's human, so none of it is logged as one. What a member
 * could forge is checked here again: a picture whose bytes do not hash to its id, or that is no
 * picture, is not taken; another member's label that names no class of the class counts for nothing.
 */

const BATCH = 200;

/** Applies the changes after the cursor; returns the ids of this member's labels that arrived in conflict. */
export async function applyRemote(projectId: string, link: ClassLink, local: PouchLike, pouch: PouchFactory): Promise<string[]> {
	const database = db();
	const cursor = (await database.classCursors.get(projectId)) ?? { projectId, eventSeq: 0, changesSeq: 0 };
	const { results, last_seq } = await local.changes({ since: cursor.changesSeq, include_docs: true, conflicts: true, limit: BATCH });
	if (!results.length) return [];
	const touched = new Set<string>();
	const conflicted: string[] = [];
	const pictures: PouchChange[] = [];
	let modelVersion = cursor.modelVersion ?? 0;
	for (const change of results) {
		const { kind, hash, member } = parseDocId(change.id);
		const doc = change.doc;
		if (kind === 'sample' && hash && !change.deleted) pictures.push(change);
		else if (kind === 'label' && hash && member) {
			touched.add(hash);
			if (member !== link.memberId) await keepVote(projectId, hash, member, change.deleted ? null : (doc as unknown as LabelDoc));
			else if (doc?._conflicts?.length) conflicted.push(change.id);
		} else if (kind === 'consensus' && hash) {
			touched.add(hash);
			await keepVote(projectId, hash, CONSENSUS, change.deleted ? null : (doc as unknown as ConsensusDoc));
		} else if (kind === 'class' && doc) {
			for (const name of (doc as unknown as ClassInfoDoc).classes ?? []) await ensureClass(projectId, name).catch(() => undefined);
		} else if (kind === 'model' && doc) modelVersion = Math.max(modelVersion, (doc as unknown as ModelDoc).version ?? 0);
	}
	for (const hash of await addPictures(projectId, local, pouch, pictures)) touched.add(hash);
	for (const hash of touched) await settleLabel(projectId, link, local, hash);
	const latest = (await database.classCursors.get(projectId)) ?? cursor;
	await database.classCursors.put({ ...latest, changesSeq: last_seq, modelVersion });
	return results.length === BATCH ? [...conflicted, ...(await applyRemote(projectId, link, local, pouch))] : conflicted;
}

async function keepVote(projectId: string, hash: string, memberId: string, doc: LabelDoc | ConsensusDoc | null): Promise<void> {
	const votes = db().votes;
	if (!doc || (doc.label !== null && !(await isClassOf(projectId, doc.label)))) return void (await votes.delete([projectId, hash, memberId]));
	const member = doc.type === 'label' ? doc.name : 'Teacher';
	const row: VoteRow = { projectId, hash, memberId, member, label: doc.label, at: doc.at };
	await votes.put(row);
}

/** New pictures become samples of the project; returns their content addresses. */
async function addPictures(projectId: string, local: PouchLike, pouch: PouchFactory, changes: readonly PouchChange[]): Promise<string[]> {
	const samples = db().samples;
	const items: NewSample[] = [];
	for (const { id } of changes) {
		const hash = id.slice('sample:'.length);
		if (await samples.where('[projectId+contentHash]').equals([projectId, hash]).count()) continue;
		if (items.some((i) => i.contentHash === hash)) continue;
		const doc = await local.get(id, { attachments: true, binary: true });
		const image = doc._attachments?.image;
		const input = doc._attachments?.input;
		if (!image?.data || !input?.data) continue;
		// Checked again here, whatever the server let through: the bytes are the picture its id names, and a picture.
		const bytes = await pouch.blob(image.data, image.content_type).arrayBuffer();
		const type = sniffImageType(new Uint8Array(bytes, 0, Math.min(SNIFF_BYTES, bytes.byteLength)));
		if (!type || (await contentHash(bytes)) !== hash) continue;
		const blob = new Blob([bytes], { type: `image/${type}` }); // the type its bytes say, never the one it came with
		items.push({ name: `Class photo ${hash.slice(0, 8)}`, blob, input: new Uint8Array(await pouch.blob(input.data, input.content_type).arrayBuffer()), contentHash: hash });
	}
	if (items.length) await addSamples(projectId, items, 'class');
	return items.map((i) => i.contentHash!);
}

/** Every class sample's label again: after the teacher changes what the class model learns from. */
export async function settleAll(projectId: string, link: ClassLink, local: PouchLike): Promise<void> {
	const hashes = new Set((await db().votes.where('projectId').equals(projectId).toArray()).map((v) => v.hash));
	for (const hash of hashes) await settleLabel(projectId, link, local, hash);
}

/**
 * The label a class sample carries on this device: a student's own; on the teacher's device the
 * decision, else (by the setting) the majority where it is not tied.
 */
async function settleLabel(projectId: string, link: ClassLink, local: PouchLike, hash: string): Promise<void> {
	const database = db();
	const sample = await database.samples.where('[projectId+contentHash]').equals([projectId, hash]).first();
	if (!sample) return;
	const label = link.role === 'teacher' ? await classLabel(projectId, hash, link.learnFrom ?? 'majority') : await ownLabel(local, hash, link.memberId);
	if (label === undefined) return;
	await setLabelFromClass(projectId, sample, label, link.role !== 'teacher');
}

export async function classLabel(projectId: string, hash: string, learnFrom: 'consensus' | 'majority'): Promise<string | null> {
	const votes = await db().votes.where('[projectId+hash]').equals([projectId, hash]).toArray();
	const decided = votes.find((v) => v.memberId === CONSENSUS);
	if (decided?.label) return decided.label;
	if (learnFrom === 'consensus') return null;
	return sampleAgreement(countVotes(votes.filter((v) => v.memberId !== CONSENSUS && v.label).map((v) => v.label!))).majority;
}

/** A student's own label as their copy of the class holds it (undefined: none written yet). */
async function ownLabel(local: PouchLike, hash: string, memberId: string): Promise<string | null | undefined> {
	try {
		return ((await local.get(`label:${hash}:${memberId}`)) as PouchDoc & { label: string | null }).label;
	} catch {
		return undefined;
	}
}

/** Whether `name` is one of the project's classes (the class's, as its class document brought them). */
async function isClassOf(projectId: string, name: unknown): Promise<boolean> {
	return typeof name === 'string' && (await db().classes.where('projectId').equals(projectId).filter((c) => c.name === name).count()) > 0;
}

/**
 * `own`: the label is this member's, from another of their devices, and may name a class they added
 * there; otherwise it is the class's, and only ever names a class the project has (votes naming
 * another were not kept).
 */
async function setLabelFromClass(projectId: string, sample: Sample, label: string | null, own: boolean): Promise<void> {
	const database = db();
	const named = label ? await database.classes.where('projectId').equals(projectId).filter((c) => c.name === label).first() : undefined;
	const classId = label ? (named ?? (own ? await ensureClass(projectId, label).catch(() => undefined) : undefined))?.id : undefined;
	if (label && !classId) return; // names no class of the class: nothing changes
	if ((sample.classId ?? undefined) === classId) return;
	await database.samples.update(sample.id, { classId, updatedAt: Date.now(), labelledFrom: undefined, auditAt: undefined });
}
