import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { startClassServer } from '../../../src/class-server/server.js';
import { PouchDB } from '../../../src/class-server/pouchdb.js';
import { ClassBridge, localClassDbName, type SyncStatus } from '$lib/storage/class-bridge';
import { pouchFactory } from '$lib/storage/class-pouch';
import { joinAsMember, joinClass, memberKey, startClass } from '$lib/storage/class-membership';
import { addClass } from '$lib/storage/classes';
import { CONSENSUS, db, resetDbForTests } from '$lib/storage/db';
import { createProject } from '$lib/storage/projects';
import { addSamples, labelSample } from '$lib/storage/samples';
import type { ClassLink, Project } from '$lib/core/types';

/** A picture's bytes as a device checks them: a PNG's magic bytes, then its own content. */
const pngBytes = (seed: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(56).fill(seed)]);
const picture = (seed: number) => ({ name: `photo-${seed}.png`, blob: new Blob([pngBytes(seed)], { type: 'image/png' }), input: new Uint8Array(1024).fill(seed) });
const classOf = async (projectId: string, name: string) => (await db().classes.where('projectId').equals(projectId).toArray()).find((c) => c.name === name)?.id;

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 30_000): Promise<void> {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe('the class bridge between Dexie and PouchDB', () => {
	let dataDir: string;
	let server: { url: string; teacherCode: string; close: () => Promise<void> };
	const factory = async () => pouchFactory(PouchDB as never, { adapter: 'memory' }, true);

	/** Opens one device's database, runs `work` with its bridge started on `projectId`, and stops it when idle. */
	async function onDevice<T>(device: string, work: (bridge: () => ClassBridge | undefined) => Promise<T>): Promise<T> {
		resetDbForTests(`device-${device}`);
		let bridge: ClassBridge | undefined;
		try {
			return await work(() => bridge);
		} finally {
			await bridge?.stop();
		}
	}

	async function synced(projectId: string, link: ClassLink, done: (b: ClassBridge) => Promise<boolean>, picturePage?: number): Promise<ClassBridge> {
		let status: SyncStatus | undefined;
		const bridge = new ClassBridge(projectId, link, (s) => (status = s), factory, picturePage);
		await bridge.start();
		await until(async () => {
			await bridge.sync();
			return status?.state === 'synced' && (await done(bridge));
		}, `the class to sync (${projectId})`).catch((e) => { throw new Error(`${e.message}: ${JSON.stringify(status)}`); });
		return bridge;
	}

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'attune-bridge-'));
		server = await startClassServer({ port: 0, dataDir, quiet: true });
	});
	afterAll(async () => {
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('carries pictures, labels, decisions and audit chains between a teacher and two students', async () => {
		// The teacher starts a class from a picture project with two labels.
		resetDbForTests('device-teacher');
		let teacherProject: Project = await createProject('Birds', 'image');
		await addClass(teacherProject.id, 'robin');
		await addClass(teacherProject.id, 'crow');
		const teacher = await startClass(teacherProject, server.url, server.teacherCode, 'Ms Lee');
		expect(teacher.code).toMatch(/^[A-Z2-9]{6}$/);

		// Ann photographs two birds and labels both.
		resetDbForTests('device-ann');
		const ann = await joinClass(server.url, teacher.code!, 'Ann');
		const annLink = (await db().projects.get(ann.id))!.class!;
		const robin = await classOf(ann.id, 'robin');
		expect(robin, 'the class’s labels reach a student').toBeUndefined(); // not before the first sync
		let bridge = await synced(ann.id, annLink, async () => !!(await classOf(ann.id, 'robin')));
		const [one, two] = await addSamples(ann.id, [picture(1), picture(2)], 'webcam');
		await labelSample(one!.id, (await classOf(ann.id, 'robin'))!, 'correct', 0);
		await labelSample(two!.id, (await classOf(ann.id, 'crow'))!, 'correct', 0);
		await bridge.sync();
		await until(() => bridge.status.waiting === 0 && bridge.status.state === 'synced', 'Ann’s labels to reach the server');
		await bridge.stop();

		// Bo gets Ann's photos, adds the same photo again (one document), and disagrees on photo 1.
		resetDbForTests('device-bo');
		const bo = await joinClass(server.url, teacher.code!, 'Bo');
		const boLink = (await db().projects.get(bo.id))!.class!;
		bridge = await synced(bo.id, boLink, async () => (await db().samples.where('projectId').equals(bo.id).count()) === 2);
		const boSamples = await db().samples.where('projectId').equals(bo.id).toArray();
		expect(boSamples.every((s) => !s.classId), 'another member’s labels are not the student’s own').toBe(true);
		await addSamples(bo.id, [picture(1)], 'upload');
		const first = boSamples.find((s) => s.input![0] === 1)!;
		await labelSample(first.id, (await classOf(bo.id, 'crow'))!, 'correct', 0);
		await bridge.sync();
		await until(() => bridge.status.waiting === 0 && bridge.status.state === 'synced', 'Bo’s label to reach the server');
		await bridge.stop();

		// The teacher sees every vote: photo 1 is tied (robin vs crow) and stays unlabelled; photo 2 takes the majority.
		resetDbForTests('device-teacher');
		teacherProject = (await db().projects.get(teacherProject.id))!;
		bridge = await synced(
			teacherProject.id,
			teacher,
			async () => (await db().votes.where('projectId').equals(teacherProject.id).count()) === 3 && (await db().samples.where('projectId').equals(teacherProject.id).filter((s) => !!s.classId).count()) === 1
		);
		const samples = await db().samples.where('projectId').equals(teacherProject.id).toArray();
		expect(samples).toHaveLength(2);
		const tied = samples.find((s) => s.input![0] === 1)!;
		const agreed = samples.find((s) => s.input![0] === 2)!;
		expect(tied.classId).toBeUndefined();
		expect(agreed.classId).toBe(await classOf(teacherProject.id, 'crow'));
		const votes = await db().votes.where('[projectId+hash]').equals([teacherProject.id, tied.contentHash!]).toArray();
		expect(votes.map((v) => [v.member, v.label]).sort()).toEqual([['Ann', 'robin'], ['Bo', 'crow']]);

		// The teacher decides the tie: a label act, written as the class's consensus.
		await labelSample(tied.id, (await classOf(teacherProject.id, 'robin'))!, 'decide', 0);
		await bridge.sync();
		await until(async () => bridge.status.waiting === 0 && !!(await db().votes.get([teacherProject.id, tied.contentHash!, CONSENSUS])), 'the decision to be written');
		// Learning from decisions only: the sample labelled by the majority alone loses its label; the decided one keeps it.
		await bridge.setLink({ ...teacher, learnFrom: 'consensus' });
		expect((await db().samples.get(agreed.id))!.classId).toBeUndefined();
		expect((await db().samples.get(tied.id))!.classId).toBe(await classOf(teacherProject.id, 'robin'));
		await bridge.setLink({ ...teacher, learnFrom: 'majority' });
		expect((await db().samples.get(agreed.id))!.classId).toBe(await classOf(teacherProject.id, 'crow'));
		await bridge.stop();

		const remote = new PouchDB(`${server.url}/${teacher.db}`, { auth: { username: teacher.memberId, password: teacher.password } });
		const all = await remote.allDocs({ include_docs: true });
		const ids: string[] = all.rows.map((r: { id: string }) => r.id);
		expect(ids.filter((id) => id.startsWith('sample:')), 'the same photo from two devices is one document').toHaveLength(2);
		expect((await remote.get(`consensus:${tied.contentHash}`)).label).toBe('robin');
		// Each member's audit chain arrives whole: every record's hash checks out and links to the one before.
		const annChain = all.rows.filter((r: { id: string }) => r.id.startsWith(`audit:${annLink.memberId}:`)).map((r: { doc: { prev: string; hash: string; canonical: string } }) => r.doc);
		expect(annChain.length).toBeGreaterThanOrEqual(4);
		annChain.forEach((record: { prev: string; hash: string; canonical: string }, i: number) => {
			expect(bytesToHex(sha256(utf8ToBytes(record.prev + record.canonical)))).toBe(record.hash);
			if (i > 0) expect(record.prev).toBe(annChain[i - 1]!.hash);
		});

		// Ann on a second device, as herself: her own labels become that project's labels.
		resetDbForTests('device-ann-phone');
		const phone = await joinAsMember(memberKey(annLink));
		const phoneLink = (await db().projects.get(phone.id))!.class!;
		bridge = await synced(phone.id, phoneLink, async () => (await db().samples.where('projectId').equals(phone.id).filter((s) => !!s.classId).count()) === 2);
		await bridge.stop();
		expect(localClassDbName(phone.id)).toContain(phone.id);
	});

	it('keeps both labels a member gave one picture on two devices while offline, until the member chooses', async () => {
		resetDbForTests('device-teacher-2');
		const project = await createProject('Moths', 'image');
		const teacher = await startClass(project, server.url, server.teacherCode, 'Mr Po');
		resetDbForTests('device-cy-laptop');
		const laptop = await joinClass(server.url, teacher.code!, 'Cy');
		const cy = (await db().projects.get(laptop.id))!.class!;
		let bridge = await synced(laptop.id, cy, async () => true);
		const [moth] = await addSamples(laptop.id, [picture(7)], 'upload');
		await labelSample(moth!.id, (await addClass(laptop.id, 'moth')).id, 'correct', 0);
		await bridge.sync();
		await until(() => bridge.status.waiting === 0, 'the picture to reach the server');
		await bridge.stop();
		// The phone gets the picture, then both devices label it differently with no connection between them.
		resetDbForTests('device-cy-phone');
		const phone = await joinAsMember(memberKey(cy));
		const phoneLink = (await db().projects.get(phone.id))!.class!;
		bridge = await synced(phone.id, phoneLink, async () => (await db().samples.where('projectId').equals(phone.id).count()) === 1);
		await bridge.stop();
		const onPhone = (await db().samples.where('projectId').equals(phone.id).first())!;
		await labelSample(onPhone.id, (await addClass(phone.id, 'butterfly')).id, 'correct', 0);
		bridge = await synced(phone.id, phoneLink, async (b) => b.status.waiting === 0);
		await bridge.stop();
		resetDbForTests('device-cy-laptop');
		await labelSample(moth!.id, (await addClass(laptop.id, 'wasp')).id, 'correct', 0);
		bridge = await synced(laptop.id, cy, async (b) => (await b.conflicts()).length === 1);
		const [conflict] = await bridge.conflicts();
		expect(conflict!.labels.sort()).toEqual(['butterfly', 'wasp']);
		await bridge.resolve(conflict!.docId, 'butterfly');
		await until(async () => bridge.status.waiting === 0 && (await bridge.conflicts()).length === 0, 'the conflict to be settled');
		await until(async () => (await db().samples.get(moth!.id))!.classId === (await classOf(laptop.id, 'butterfly')), 'the chosen label to stand');
		await bridge.stop();
		const remote = new PouchDB(`${server.url}/${cy.db}`, { auth: { username: cy.memberId, password: cy.password } });
		const settled = await remote.get(conflict!.docId, { conflicts: true });
		expect(settled.label).toBe('butterfly');
		expect(settled._conflicts ?? []).toEqual([]);
	});

	it('says so when the server refuses a change a device made, and stores nothing of it there', async () => {
		resetDbForTests('device-teacher-3');
		const teacher = await startClass(await createProject('Ants', 'image'), server.url, server.teacherCode, 'Dr Ko');
		resetDbForTests('device-dee');
		const dee = await joinClass(server.url, teacher.code!, 'Dee');
		const link = (await db().projects.get(dee.id))!.class!;
		const bridge = await synced(dee.id, link, async () => true);
		await bridge.copy!.put({ _id: `consensus:${'e'.repeat(64)}`, type: 'consensus', label: 'ant', by: link.memberId, at: 1 });
		await until(() => !!bridge.status.problem, 'the refusal to be reported');
		expect(bridge.status.problem).toBe('The class server refused a change: Only the teacher decides a label for the class.');
		await bridge.stop();
		const remote = new PouchDB(`${server.url}/${teacher.db}`, { auth: { username: teacher.memberId, password: teacher.password } });
		await expect(remote.get(`consensus:${'e'.repeat(64)}`)).rejects.toMatchObject({ status: 404 });
	});

	it('takes no forged picture and no label for a class the class does not have, and does take the honest picture', async () => {
		resetDbForTests('device-teacher-5');
		const bees = await createProject('Bees', 'image');
		await addClass(bees.id, 'bee');
		const teacher = await startClass(bees, server.url, server.teacherCode, 'Mx Oz');
		resetDbForTests('device-eve');
		const eve = (await db().projects.get((await joinClass(server.url, teacher.code!, 'Eve')).id))!.class!;
		// Eve writes to the server herself, past the app: each document passes the class's rules.
		const remote = new PouchDB(`${server.url}/${eve.db}`, { auth: { username: eve.memberId, password: eve.password }, skip_setup: true });
		const hash = (bytes: Uint8Array) => bytesToHex(sha256(bytes));
		const sampleDoc = (id: string, bytes: Uint8Array, type: string) => ({ _id: `sample:${id}`, type: 'sample', _attachments: { image: { content_type: type, data: Buffer.from(bytes) }, input: { content_type: 'application/octet-stream', data: Buffer.alloc(1024, 1) } } });
		const html = utf8ToBytes('<html><script>alert(1)</script></html>');
		const honest = pngBytes(23);
		await remote.bulkDocs([
			sampleDoc(hash(pngBytes(21)), pngBytes(22), 'image/png'), // its bytes are another picture's
			sampleDoc(hash(html), html, 'text/html'), // the right hash, but no picture
			sampleDoc(hash(honest), honest, 'image/png'),
			{ _id: `label:${hash(honest)}:${eve.memberId}`, type: 'label', member: eve.memberId, name: 'Eve', label: 'hacked', at: 1 }
		]);

		resetDbForTests('device-teacher-5');
		const held = () => db().samples.where('projectId').equals(bees.id).toArray();
		const bridge = await synced(bees.id, (await db().projects.get(bees.id))!.class!, async () => (await held()).length >= 1);
		await new Promise((r) => setTimeout(r, 500));
		await bridge.sync();
		await bridge.stop();

		const samples = await held();
		expect(samples.map((x) => x.contentHash)).toEqual([hash(honest)]);
		expect(samples[0]!.blob.type).toBe('image/png');
		expect(samples[0]!.classId).toBeUndefined();
		expect(await classOf(bees.id, 'hacked')).toBeUndefined();
		expect(await db().votes.where('projectId').equals(bees.id).count()).toBe(0);
	});

	it('gives a student’s device the class’s pictures a page at a time, the next page once they are labelled', async () => {
		resetDbForTests('device-teacher-4');
		const teacher = await startClass(await createProject('Shells', 'image'), server.url, server.teacherCode, 'Ms Fa');
		resetDbForTests('device-gil');
		const gil = await joinClass(server.url, teacher.code!, 'Gil');
		let bridge = await synced(gil.id, (await db().projects.get(gil.id))!.class!, async () => true);
		await addSamples(gil.id, [10, 11, 12, 13, 14].map(picture), 'upload');
		await bridge.sync();
		await until(() => bridge.status.waiting === 0, 'Gil’s pictures to reach the server');
		await bridge.stop();

		resetDbForTests('device-hal');
		const hal = await joinClass(server.url, teacher.code!, 'Hal');
		const halLink = (await db().projects.get(hal.id))!.class!;
		const held = () => db().samples.where('projectId').equals(hal.id).toArray();
		bridge = await synced(hal.id, halLink, async () => (await held()).length === 2, 2);
		await new Promise((r) => setTimeout(r, 500));
		expect(await held(), 'only a page of pictures, not all five').toHaveLength(2);
		const shell = (await addClass(hal.id, 'shell')).id;
		for (const s of await held()) await labelSample(s.id, shell, 'correct', 0);
		await until(async () => {
			await bridge.sync(); // the app syncs after every act
			return (await held()).length === 4;
		}, 'the next page once the first is labelled');
		await bridge.stop();
	});
});
