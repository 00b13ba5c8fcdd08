import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '$lib/core/audit/canonical';
import { GENESIS, hashRecord, toJsonLines, verifyChain as sut } from '$lib/core/audit/chain';
import type { FeedbackEvent, StoredEvent } from '$lib/core/types';
import { altered } from '../../helpers/altered';

const T0 = Date.UTC(2025, 0, 2, 3, 4);
const painted = () => Uint8Array.from({ length: 1024 }, (_, i) => (i % 7 === 0 ? 1 : 0));
const query = { strategy: 'margin', audit: false, suggested: 'c1', confidence: 0.9 };
const EVENTS: FeedbackEvent[] = [
	{ type: 'project.create', name: 'Birds', kind: 'image' },
	{ type: 'class.add', classId: 'c1', name: 'Robin' },
	{ type: 'sample.add', sampleIds: ['s1', 's2'], source: 'upload', classId: null },
	{ type: 'sample.label', sampleId: 's1', classId: 'c1', previous: null, via: 'accept', modelVersion: 2, query },
	{ type: 'sample.explanation', sampleId: 's1', mode: 'ignore', scope: 'sample', painted: painted(), cells: 147, modelVersion: 2 },
	{ type: 'project.rename', from: 'Birds', to: 'Garden birds' }
];

/** A record made the way storage makes one: placed after `before` (or first), hashed, numbered by the database. */
async function record(event: FeedbackEvent, n: number, before: StoredEvent | undefined, seq = n): Promise<StoredEvent> {
	const made = { ...event, projectId: 'p1', at: T0 + n * 60_000, profile: 'ada', n, prev: before?.hash ?? GENESIS } as StoredEvent;
	return { ...made, hash: hashRecord(made, made.prev!), seq };
}

async function chain(events = EVENTS) {
	const records: StoredEvent[] = [];
	for (const [i, event] of events.entries()) records.push(await record(event, i + 1, records[i - 1]));
	return { records, head: { n: records.length, hash: records.at(-1)!.hash! } };
}

describe('verifyChain', () => {
	it('passes a chain as it was written, and an empty one', async () => {
		const { records, head } = await chain();

		expect(await sut(records, head)).toEqual({ ok: true, records: 6 });
		expect(await sut([], undefined)).toEqual({ ok: true, records: 0 });
	});

	it('finds a change to any field of any record, and names the record', async () => {
		const { records, head } = await chain();
		for (const [i, original] of records.entries()) {
			for (const key of Object.keys(original).filter((k) => k !== 'seq')) {
				const tampered = records.map((r, j) => (j === i ? { ...r, [key]: altered(r[key as keyof StoredEvent]) } : r)) as StoredEvent[];

				expect(await sut(tampered, head), `record ${i + 1}, ${key}`).toEqual({ ok: false, problem: 'changed', index: i, n: i + 1, message: `Record ${i + 1} was changed after it was written.` });
			}
		}
	});

	it('finds a changed byte inside a painted region and a changed nested field', async () => {
		const { records, head } = await chain();
		const paint = records[4] as Extract<StoredEvent, { type: 'sample.explanation' }>;
		const label = records[3] as Extract<StoredEvent, { type: 'sample.label' }>;
		const bytes = paint.painted.slice();
		bytes[500] = bytes[500]! ^ 1;

		expect(await sut(records.with(4, { ...paint, painted: bytes }), head)).toMatchObject({ problem: 'changed', message: 'Record 5 was changed after it was written.' });
		expect(await sut(records.with(3, { ...label, query: { ...query, confidence: 0.91 } }), head)).toMatchObject({ problem: 'changed', index: 3 });
	});

	it.each([
		[[2], 'Record 3 is missing.', 2],
		[[2, 3], 'Records 3–4 are missing.', 2],
		[[0], 'Record 1 is missing.', 0],
		[[5], 'Record 6, the newest, is missing.', null],
		[[4, 5], 'Records 5–6, the newest, are missing.', null]
	])('finds records %j deleted', async (deleted, message, index) => {
		const { records, head } = await chain();

		expect(await sut(records.filter((_, i) => !deleted.includes(i)), head)).toMatchObject({ ok: false, message, index });
	});

	it('finds a record with a made-up hash slipped in, in the middle or at the end', async () => {
		const { records, head } = await chain();
		const fake = { ...(await record(EVENTS[1]!, 4, records[2], 99)), hash: 'f'.repeat(64) };

		expect(await sut(records.toSpliced(3, 0, fake), head)).toMatchObject({ problem: 'inserted', index: 3, n: 4, message: expect.stringMatching(/^A record was inserted: a “class.add” record from 2025-01-02 03:08 UTC claims to be record 4/) });
		expect(await sut([...records, fake], head)).toMatchObject({ problem: 'inserted', index: 6 });
	});

	it('finds a correctly hashed forgery slipped into the middle, wherever it is stored', async () => {
		const { records, head } = await chain();
		const forged = await record({ type: 'class.delete', classId: 'c1', name: 'Robin', unlabelled: 1 }, 4, records[2], 99);
		const message = /^A record was inserted: there are two records numbered 4, and a “class.delete” record .* is not part of the trail\.$/;

		expect(await sut(records.toSpliced(3, 0, forged), head)).toMatchObject({ problem: 'inserted', index: 3, n: 4, message: expect.stringMatching(message) });
		expect(await sut([...records, forged], head)).toMatchObject({ problem: 'inserted', index: 6, n: 4 });
	});

	it('finds a correctly hashed record added past the head, or put in place of one', async () => {
		const { records, head } = await chain();
		const extra = await record(EVENTS[1]!, 7, records[5]);
		const newest = await record(EVENTS[1]!, 6, records[4]);
		const middle = await record(EVENTS[1]!, 3, records[1]);

		expect(await sut([...records, extra], head)).toMatchObject({ problem: 'inserted', index: 6, message: expect.stringContaining('Record 7 (a “class.add” record') });
		expect(await sut(records.with(5, newest), head)).toMatchObject({ problem: 'newest-replaced', message: 'Record 6, the newest, was replaced after it was written.' });
		expect(await sut(records.with(2, middle), head)).toMatchObject({ problem: 'unlinked', index: 3, message: 'Record 4 does not follow record 3: one of the two was replaced.' });
	});

	it('reports records written without the chain, and a chain without its head', async () => {
		const { records, head } = await chain();
		const { n: _n, prev: _p, hash: _h, ...bare } = records[2]!;

		expect(await sut(records.with(2, bare as StoredEvent), head)).toMatchObject({ problem: 'unhashed', index: 2, message: expect.stringContaining('“sample.add” record from 2025-01-02 03:07 UTC with no hash') });
		expect(await sut(records, undefined)).toMatchObject({ problem: 'no-head', index: null });
	});
});

describe('hashRecord', () => {
	it('is SHA-256 of prev and the canonical record, so anyone can recompute it; seq and the hash itself are left out', async () => {
		const { records } = await chain();
		const { seq: _s, hash, ...content } = records[4]!;

		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(hash).toBe(createHash('sha256').update(content.prev + canonicalJson(content)).digest('hex'));
		expect(hashRecord({ ...records[4]!, seq: 1234, hash: 'x' }, content.prev!)).toBe(hash);
		expect(hashRecord(records[4]!, GENESIS.replace(/0$/, '1'))).not.toBe(hash);
	});
});

describe('toJsonLines', () => {
	it('writes one parseable line per record, in order, bytes as base64', async () => {
		const { records } = await chain();

		const lines = toJsonLines(records).split('\n');

		expect(lines.at(-1)).toBe('');
		const parsed = lines.slice(0, -1).map((line) => JSON.parse(line));
		expect(parsed.map((r) => [r.n, r.type, r.hash])).toEqual(records.map((r) => [r.n, r.type, r.hash]));
		expect(Buffer.from(parsed[4].painted.$bytes, 'base64')).toEqual(Buffer.from(painted()));
	});
});
