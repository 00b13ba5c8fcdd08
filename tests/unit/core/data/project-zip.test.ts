import { strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '$lib/core/audit/canonical';
import { toJsonLines } from '$lib/core/audit/chain';
import { parseCanonical } from '$lib/core/data/canonical-parse';
import { datasetPaths, type DatasetItem } from '$lib/core/data/dataset-zip';
import { InputError } from '$lib/core/data/input-error';
import { parsePortable, stringifyPortable } from '$lib/core/data/portable-json';
import type { ProjectContents } from '$lib/core/data/project-contents';
import { buildProjectZip, readProjectZip } from '$lib/core/data/project-zip';
import { openZipSafely, ZIP_LIMITS } from '$lib/core/data/safe-zip';
import type { StoredEvent } from '$lib/core/types';
import { claimEntries, declareSize, editZip, zipOf } from '../../helpers/hostile-zip';

const SCHEMA = 4;
const about = { schemaVersion: SCHEMA, exportedAt: '2025-01-01T00:00:00.000Z', appVersion: '0.1.0' };
const MARKUP = '<img src=x onerror=alert(1)> & “quotes”';
const png = (n: number) => ({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, n]), type: 'image/png' });
const mask = () => Uint8Array.from({ length: 1024 }, (_, i) => (i % 7 === 0 ? 1 : 0));

function contents(): ProjectContents {
	const projectId = 'p1';
	const event = (seq: number, e: Partial<StoredEvent>): StoredEvent => ({ type: 'project.create', name: 'x', kind: 'image', projectId, at: seq, seq, n: seq, prev: `h${seq - 1}`, hash: `h${seq}`, profile: 'me', ...e }) as StoredEvent;
	return {
		project: { id: projectId, name: MARKUP, kind: 'image', createdAt: 1, updatedAt: 2, openedAt: 3, ignoreRegion: { painted: mask(), at: 4 } },
		classes: [{ id: 'c1', projectId, name: `<script>alert("cat")</script>`, color: '#f00', order: 0 }],
		samples: [
			{ id: 's1', projectId, classId: 'c1', name: 'cat.png', blob: png(1), thumbnail: { bytes: new Uint8Array([0xff, 0xd8, 0xff]), type: 'image/jpeg' }, input: Uint8Array.from({ length: 1024 }, (_, i) => i % 256), attention: { painted: mask(), mode: 'ignore', at: 5 }, source: 'upload', createdAt: 1, updatedAt: 1 },
			{ id: 's2', projectId, name: 'Drawing 1', blob: png(2), source: 'drawing', createdAt: 2, updatedAt: 2 }
		],
		events: [event(1, {}), event(2, { type: 'sample.explanation', sampleId: 's1', mode: 'ignore', scope: 'sample', painted: mask(), cells: 147, modelVersion: 1 } as Partial<StoredEvent>)],
		auditHead: { projectId, n: 2, hash: 'h2' },
		models: [
			{ meta: { id: `${projectId}:current`, projectId, version: 3, createdAt: 9, backend: 'cpu', classIds: ['c1'] }, artifacts: { modelTopology: { class_name: 'Sequential' }, weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }], weightData: new Float32Array([1.5, -2]).buffer } },
			{ meta: { id: 'old', projectId, version: 1, createdAt: 5, backend: 'cpu' } }
		]
	};
}

const build = (c = contents(), schemaVersion = SCHEMA) => buildProjectZip(c, { ...about, schemaVersion });
const refusal = (bytes: Uint8Array) => {
	try {
		readProjectZip(bytes, SCHEMA);
	} catch (error) {
		expect(error).toBeInstanceOf(InputError);
		return (error as Error).message;
	}
	throw new Error('the file was not refused');
};
const withEntry = (name: string, body: string | Uint8Array | null) =>
	editZip(build(), (files) => (body === null ? delete files[name] : (files[name] = typeof body === 'string' ? strToU8(body) : body)));

describe('project file format', () => {
	it('reads back every row it wrote: typed arrays, file bytes and types, markup as plain text', () => {
		const sut = readProjectZip(build(), SCHEMA);

		expect(sut).toEqual(contents());
		expect(sut.samples[0]!.input).toBeInstanceOf(Uint8Array);
		expect(sut.classes[0]!.name).toBe('<script>alert("cat")</script>');
		expect(new Float32Array(sut.models[0]!.artifacts!.weightData)).toEqual(new Float32Array([1.5, -2]));
	});

	it('lays the zip out as documented, readable by any zip tool', () => {
		const sut = Object.keys(unzipSync(build())).sort();

		expect(sut).toEqual([
			'attune.json', 'audit-head.json', 'classes.json', 'events.jsonl', 'models.json', 'models/p1%3Acurrent.bin', 'models/p1%3Acurrent.json',
			'project.json', 'samples.jsonl', 'samples/s1/original.png', 'samples/s1/thumbnail.jpg', 'samples/s2/original.png'
		]);
		expect(JSON.parse(new TextDecoder().decode(unzipSync(build())['attune.json']))).toEqual({ format: 'attune-project', ...about });
		// The audit trail's canonical text, so anyone can recompute each record's hash from the file.
		expect(new TextDecoder().decode(unzipSync(build())['events.jsonl'])).toBe(toJsonLines(contents().events));
	});

	it.each([
		['random bytes', () => Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 251), /not a zip archive/],
		['an empty file', () => new Uint8Array(0), /not a zip archive/],
		['a truncated zip', () => build().slice(0, 200), /damaged or incomplete/],
		['a zip missing its last bytes', () => build().slice(0, -10), /damaged or incomplete/],
		['a zip without attune.json', () => zipOf({ 'project.json': '{}' }), /not an Attune project: it has no attune.json/],
		['another format', () => zipOf({ 'attune.json': '{"format":"something-else","schemaVersion":4}' }), /does not describe one/],
		['a newer schema', () => build(contents(), 7), /made by a newer Attune \(schema 7\); update the app to open it/],
		['a missing samples.jsonl', () => withEntry('samples.jsonl', null), /incomplete: it has no samples.jsonl/],
		['malformed JSON', () => withEntry('project.json', '{"id":'), /damaged: project.json is not valid JSON/],
		['a malformed line', () => withEntry('events.jsonl', '{}\n{oops\n'), /events.jsonl line 2 is not valid JSON/],
		['a sample whose file is missing', () => withEntry('samples/s2/original.png', null), /“Drawing 1” has no file samples\/s2\/original.png/],
		['model weights of the wrong size', () => withEntry('models/p1%3Acurrent.bin', new Uint8Array(3)), /weights hold 3 bytes, not the 8/],
		['weights without their description', () => withEntry('models/p1%3Acurrent.json', null), /missing models\/p1%3Acurrent.json/]
	])('refuses %s', (_, bytes, message) => {
		expect(refusal(bytes())).toMatch(message);
	});

	it.each([
		['a label of a class not in the file', (c: ProjectContents) => (c.samples[1]!.classId = 'gone'), /“Drawing 1” is labelled with a class that is not in the file/],
		['a class of another project', (c: ProjectContents) => (c.classes[0]!.projectId = 'p2'), /classes.json holds rows of another project/],
		['an event of another project', (c: ProjectContents) => (c.events[1]!.projectId = 'p2'), /events.jsonl holds rows of another project/],
		['a head of another project', (c: ProjectContents) => (c.auditHead!.projectId = 'p2'), /audit-head.json belongs to another project/],
		['two samples with one id', (c: ProjectContents) => (c.samples[1]!.id = 's1'), /two samples share one id/],
		['a sample that is a web page', (c: ProjectContents) => (c.samples[1]!.blob.type = 'text/html'), /not an image \(text\/html\)/],
		['an input of the wrong size', (c: ProjectContents) => (c.samples[0]!.input = new Uint8Array(3)), /samples.jsonl item 1 is not what Attune wrote/]
	])('refuses %s', (_, spoil, message) => {
		const c = contents();
		spoil(c);
		expect(refusal(build(c))).toMatch(message);
	});

	it.each(['../evil.txt', '/etc/passwd', 'C:\\evil.txt', 'samples\\s1\\x.png', 'a/../../b', 'nul\u0000byte'])('refuses the unsafe entry name %j', (name) => {
		const bytes = editZip(build(), (files) => (files[name] = strToU8('x')));

		expect(refusal(bytes)).toMatch(/unsafe to open: it holds an entry named/);
	});
});

describe('zip safety', () => {
	it('stops unpacking an entry that inflates past its declared size (a zip bomb with a lying directory)', () => {
		const bomb = zipOf({ 'attune.json': JSON.stringify({ format: 'attune-project', ...about }), 'samples.jsonl': new Uint8Array(32 * 1024 * 1024) }, 9);
		const sut = declareSize(bomb, 'samples.jsonl', 1000);

		expect(sut.length).toBeLessThan(100_000);
		expect(() => openZipSafely(sut).read('samples.jsonl')).toThrow(/“samples.jsonl” unpacks to more than the 1000 bytes it declares/);
		expect(refusal(sut)).toMatch(/unpacks to more than the 1000 bytes it declares/);
	});

	it('refuses before unpacking when the directory declares too much', () => {
		const honest = zipOf({ 'a.bin': new Uint8Array(10), 'b.bin': new Uint8Array(10), 'c.bin': new Uint8Array(10) });
		const big = ['a.bin', 'b.bin', 'c.bin'].reduce((zip, name) => declareSize(zip, name, 90 * 1024 * 1024), honest);

		expect(() => openZipSafely(declareSize(honest, 'a.bin', ZIP_LIMITS.maxEntryBytes + 1))).toThrow(/one file in it unpacks to 101 MB, more than the 100 MB/);
		expect(() => openZipSafely(big, { ...ZIP_LIMITS, maxTotalBytes: 200 * 1024 * 1024 })).toThrow(/unpacks to more than 200 MB/);
		expect(() => openZipSafely(claimEntries(honest, 1_000_000))).toThrow(/holds 1,000,000 files, more than the 200,000/);
	});

	it('keeps a running count of unpacked bytes against the total cap', () => {
		const sut = openZipSafely(zipOf({ 'a.bin': new Uint8Array(600) }), { ...ZIP_LIMITS, maxTotalBytes: 1000 });

		expect(sut.read('a.bin')).toHaveLength(600);
		expect(() => sut.read('a.bin')).toThrow(/too large to open safely/);
	});

	it('reads a ZIP64 end record', () => {
		const sut = openZipSafely(claimEntries(zipOf({ 'a.txt': 'hello' }), 1));

		expect(new TextDecoder().decode(sut.read('a.txt'))).toBe('hello');
	});

	it('catches a flipped byte in a stored entry, and a duplicate name', () => {
		const zip = zipOf({ 'a.txt': 'hello world' }, 0);
		const flipped = zip.slice();
		flipped[zip.indexOf(0x77)]! ^= 1; // the "w" of "world"

		expect(() => openZipSafely(flipped).read('a.txt')).toThrow(/“a.txt” is corrupt/);
		const twice = zipOf({ 'a.txt': 'one', 'b.txt': 'two' });
		const renamed = twice.slice();
		for (let i = 0; i < renamed.length - 4; i++) if (renamed[i] === 0x62 && renamed[i + 1] === 0x2e && renamed[i + 2] === 0x74) renamed[i] = 0x61;
		expect(() => openZipSafely(renamed)).toThrow(/holds “a.txt” twice/);
	});
});

describe('portable JSON', () => {
	it('keeps typed arrays as their own type and drops __proto__ keys', () => {
		const sut = parsePortable(stringifyPortable({ a: new Uint8Array([1, 255]), f: new Float32Array([0.5]) })) as Record<string, unknown>;
		const hostile = parsePortable('{"__proto__":{"polluted":true},"x":1}') as Record<string, unknown>;

		expect(sut).toEqual({ a: new Uint8Array([1, 255]), f: new Float32Array([0.5]) });
		expect(hostile).toEqual({ x: 1 });
		expect(Object.getPrototypeOf(hostile)).toBe(Object.prototype);
	});

	it('reads the audit trail’s canonical text back to the very values it was written from', () => {
		const record = { $bytes: 'not a tag', painted: new Uint8Array([0, 1]), f: new Float32Array([0.25]), nan: NaN, when: new Date(5), nested: [{ $type: 'x' }] };

		const sut = parseCanonical(canonicalJson(record));

		expect(sut).toEqual(record);
		expect(canonicalJson(sut)).toBe(canonicalJson(record));
	});
});

describe('dataset layout', () => {
	const cls = (id: string, name: string, order: number) => ({ id, projectId: 'p', name, color: '#000', order });
	const item = (name: string, classId?: string, type = 'image/png'): DatasetItem => ({ name, classId, file: { bytes: new Uint8Array(1), type } });

	it('names folders after classes and files after samples, safely and uniquely', () => {
		const classes = [cls('a', 'cats/dogs', 0), cls('b', '..', 1), cls('c', 'unlabelled', 2), cls('d', 'CON', 3), cls('e', 'Cats_dogs', 4), cls('f', 'empty', 5)];
		const items = [
			item('cat.png', 'a'), item('CAT.png', 'a'), item('Drawing 1', 'b'), item('scan.bmp', 'c'), item('photo.jpeg', 'd', 'image/jpeg'),
			item('../../etc/passwd', 'e'), item('x.png'), item('<b>y</b>.png', 'gone')
		];

		const sut = datasetPaths(classes, items);

		expect(sut).toEqual([
			'cats_dogs/cat.png', 'cats_dogs/CAT (2).png', 'class/Drawing 1.png', 'unlabelled/scan.png', '_CON/photo.jpeg',
			'Cats_dogs (2)/___.._etc_passwd.png', 'unlabelled (no class)/x.png', 'unlabelled (no class)/_b_y__b_.png'
		]);
	});
});
