import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { StoredEvent } from '../types';
import { canonicalJson } from './canonical';

/**
 * The audit trail: each record carries its place in its project's chain (`n`, from 1), the hash of
 * the record before it (`prev`) and its own `hash` = SHA-256(prev + canonical record). Changing,
 * removing or slipping in a record breaks the links after it; the head (the newest `n` and hash,
 * kept apart from the records) catches records removed from the end. Someone able to rewrite every
 * record after the one they change and the head as well is not caught: an export kept elsewhere is
 * what proves the past then.
 */

/** The `prev` of every chain's first record. */
export const GENESIS = '0'.repeat(64);

/** Where a chain ends: how many records it holds and the newest one's hash. */
export interface AuditHead {
	n: number;
	hash: string;
}

export type AuditProblem = 'unhashed' | 'changed' | 'missing' | 'inserted' | 'unlinked' | 'newest-missing' | 'newest-replaced' | 'no-head';

export type AuditVerdict =
	| { ok: true; records: number }
	/** `index`: the failing record's place in the list checked; null when the problem is past its end. `n`: the record number concerned. */
	| { ok: false; problem: AuditProblem; message: string; index: number | null; n: number };

/** The text a record's hash is taken over: `seq` is left out (it is the database's key, not the record's). */
export function hashedText(record: StoredEvent, prev: string): string {
	const { hash: _hash, seq: _seq, ...content } = record;
	return prev + canonicalJson({ ...content, prev });
}

/**
 * Hex SHA-256 of `prev` and the record (with `prev` set in it). Computed here, not by WebCrypto: an
 * act's record is hashed inside its IndexedDB transaction, which WebCrypto's promise would close
 * (keeping it open with Dexie.waitFor made storing a label take 30-80 ms).
 */
export function hashRecord(record: StoredEvent, prev: string): string {
	return bytesToHex(sha256(utf8ToBytes(hashedText(record, prev))));
}

function described(record: StoredEvent): string {
	const when = Number.isFinite(record.at) ? ` from ${new Date(record.at).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
	return `a “${String(record.type)}” record${when}`;
}

function span(from: number, to: number, tail = ''): string {
	return from === to ? `Record ${from}${tail} is missing.` : `Records ${from}–${to}${tail} are missing.`;
}

const fail = (problem: AuditProblem, index: number | null, n: number, message: string): AuditVerdict => ({ ok: false, problem, message, index, n });

/**
 * Checks a chain read back from storage, in the order it was written (by `seq`; for an honest chain
 * that is also `n` order, and either order gives the same verdict). Returns the first problem found.
 */
export async function verifyChain(records: readonly StoredEvent[], head: AuditHead | undefined): Promise<AuditVerdict> {
	let expected = 1;
	let prev = GENESIS;
	const named = new Set(records.map((r) => r.prev));
	// Some later record (or the head) names this hash as the one before it: the record belongs to the chain.
	const linked = (hash: string) => head?.hash === hash || named.has(hash);
	const byNumber = new Map<unknown, number[]>();
	records.forEach((r, i) => byNumber.set(r.n, [...(byNumber.get(r.n) ?? []), i]));
	for (let i = 0; i < records.length; i++) {
		const record = records[i]!;
		const { n, hash } = record;
		if (typeof hash !== 'string' || typeof record.prev !== 'string' || typeof n !== 'number' || !Number.isInteger(n))
			return fail('unhashed', i, expected, `The trail holds ${described(record)} with no hash: it was not written through the audit trail.`);
		const twin = byNumber.get(n)!.find((j) => j !== i) ?? -1;
		if (hashRecord(record, record.prev) !== hash) {
			// A changed record keeps its stored hash, which the next record still names; one slipped in is named by none.
			if (linked(hash) || (n === expected && twin < 0 && !(head && n > head.n))) return fail('changed', i, expected, `Record ${expected} was changed after it was written.`);
			if (n > expected && twin < 0 && !(head && n > head.n)) return fail('missing', i, expected, span(expected, n - 1));
			return fail('inserted', i, n, `A record was inserted: ${described(record)} claims to be record ${n} but the trail never wrote it.`);
		}
		if (head && n > head.n) return fail('inserted', i, n, `Record ${n} (${described(record)}) was added outside the audit trail: its newest record is ${head.n}.`);
		if (n < expected || (twin >= 0 && n === expected && !linked(hash))) {
			// Two records share a number: the one no later record follows on from is the forgery.
			const forged = twin >= 0 && linked(hash) ? twin : i;
			return fail('inserted', forged, n, `A record was inserted: there are two records numbered ${n}, and ${described(records[forged]!)} is not part of the trail.`);
		}
		if (n > expected) return fail('missing', i, expected, span(expected, n - 1));
		if (record.prev !== prev)
			return fail('unlinked', i, n, n === 1 ? 'Record 1 does not start the trail: it was replaced.' : `Record ${n} does not follow record ${n - 1}: one of the two was replaced.`);
		expected = n + 1;
		prev = hash;
	}
	const newest = expected - 1;
	if (!head) return records.length ? fail('no-head', null, newest, 'The trail’s record of its newest entry is missing, so entries removed from its end could go unnoticed.') : { ok: true, records: 0 };
	if (head.n > newest) return fail('newest-missing', null, newest + 1, span(newest + 1, head.n, ', the newest,'));
	if (head.hash !== prev) return fail('newest-replaced', records.length - 1, newest, `Record ${newest}, the newest, was replaced after it was written.`);
	return { ok: true, records: newest };
}

/** One JSON object per line, oldest first, each exactly as its hash was taken (plus `seq` and `hash`). */
export function toJsonLines(records: readonly StoredEvent[]): string {
	return records.map((record) => `${canonicalJson(record)}\n`).join('');
}
