/**
 * The documents of a class database (one per class), as every device and the server read them.
 * Ids carry who may write them, so the server's rules (src/class-server/rules.js) can check them:
 *   sample:<sha256 of the bytes>      the picture as an attachment: one photo from two devices is one document
 *   label:<sample sha>:<memberId>     one member's label: one writer per document, so members never conflict
 *   consensus:<sample sha>            the teacher's decision
 *   model:<version>                   the class model's weights as an attachment
 *   audit:<memberId>:<chain>.<n>      each member's hash chains (one per device), record by record, kept whole
 *   member:<memberId>                 a display name (never an e-mail) and a role
 *   class                             the class's name and labels
 */

export type ClassRole = 'teacher' | 'student';

export interface ClassDocBase {
	_id: string;
	_rev?: string;
	_conflicts?: string[];
	_deleted?: boolean;
}

export interface LabelDoc extends ClassDocBase {
	type: 'label';
	member: string;
	/** The member's display name when they gave it. */
	name: string;
	/** The label's name (names, not ids, are what devices share); null once the member took it back. */
	label: string | null;
	at: number;
}

export interface ConsensusDoc extends ClassDocBase {
	type: 'consensus';
	label: string | null;
	by: string;
	at: number;
}

export interface MemberDoc extends ClassDocBase {
	type: 'member';
	name: string;
	role: ClassRole;
	joinedAt: number;
}

export interface ClassInfoDoc extends ClassDocBase {
	type: 'class';
	name: string;
	classes: string[];
	teacher: string;
}

export interface ModelDoc extends ClassDocBase {
	type: 'model';
	version: number;
	labels: number;
	at: number;
}

export interface AuditDoc extends ClassDocBase {
	type: 'audit';
	member: string;
	n: number;
	prev: string;
	hash: string;
	/** The record exactly as its hash was taken over it (core/audit/chain.ts hashedText, without `prev` in front). */
	canonical: string;
}

export const sampleDocId = (hash: string) => `sample:${hash}`;
export const labelDocId = (hash: string, memberId: string) => `label:${hash}:${memberId}`;
export const consensusDocId = (hash: string) => `consensus:${hash}`;
export const modelDocId = (version: number) => `model:${String(version).padStart(8, '0')}`;
/** `chain`: the device's project id, so the same member's chains on two devices never share a record id. */
export const auditDocId = (memberId: string, chain: string, n: number) => `audit:${memberId}:${chain.replace(/[^a-z0-9]/gi, '').slice(0, 12)}.${String(n).padStart(10, '0')}`;

/** What a document id says: its kind, the sample it is about and the member who wrote it. */
export function parseDocId(id: string): { kind: string; hash?: string; member?: string } {
	const [kind = '', a, b] = id.split(':');
	if (kind === 'label') return { kind, hash: a, member: b };
	if (kind === 'sample' || kind === 'consensus') return { kind, hash: a };
	if (kind === 'audit' || kind === 'member') return { kind, member: a };
	return { kind };
}

/** The hex SHA-256 content address of a sample's bytes. */
export async function contentHash(bytes: ArrayBuffer): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
