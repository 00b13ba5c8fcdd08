import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClassServer } from '../../../src/class-server/server.js';
import { PouchDB } from '../../../src/class-server/pouchdb.js';
import { loginOf, type Member } from './members';

describe('class server', () => {
	let dataDir: string;
	let server: { url: string; teacherCode: string; close: () => Promise<void> };
	let teacher: Member;
	let student: Member;
	let other: Member;
	const post = (path: string, body: unknown) => fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const put = (m: Member | null, path: string, body: unknown) =>
		fetch(`${server.url}/${teacher.db}/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...(m ? { authorization: loginOf(m) } : {}) }, body: JSON.stringify(body) });

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'attune-class-'));
		server = await startClassServer({ port: 0, dataDir, quiet: true });
		teacher = await (await post('/_attune/classes', { teacherCode: server.teacherCode, name: 'Birds', classes: ['robin', 'crow'] })).json();
		student = await (await post('/_attune/join', { code: teacher.code!.toLowerCase(), name: 'Ann' })).json();
		other = await (await post('/_attune/join', { code: teacher.code, name: 'Bo' })).json();
	});
	afterAll(async () => {
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('lets a student write their own label, and refuses another member’s label, consensus and the class model', async () => {
		expect((await put(student, `label:${'a'.repeat(64)}:${student.memberId}`, { member: student.memberId, label: 'robin' })).status).toBe(201);
		const forged = await put(student, `label:${'a'.repeat(64)}:${other.memberId}`, { member: other.memberId, label: 'crow' });
		expect(forged.status).toBe(403);
		expect((await forged.json()).reason).toBe('You can only write your own labels.');
		const consensus = await put(student, `consensus:${'a'.repeat(64)}`, { label: 'crow' });
		expect(consensus.status).toBe(403);
		expect((await consensus.json()).reason).toBe('Only the teacher decides a label for the class.');
		expect((await put(student, 'model:3', { version: 3 })).status).toBe(403);
		expect((await put(teacher, `consensus:${'a'.repeat(64)}`, { label: 'crow' })).status).toBe(201);
	});

	it('lets nobody outside the class read it, and no student change its rules', async () => {
		expect((await fetch(`${server.url}/${teacher.db}/_all_docs`)).status).toBe(401);
		expect((await fetch(`${server.url}/${teacher.db}/_all_docs`, { headers: { authorization: loginOf({ ...student, password: 'wrong' }) } })).status).toBe(401);
		expect((await fetch(`${server.url}/${teacher.db}/_all_docs`, { headers: { authorization: loginOf(student) } })).status).toBe(200);
		expect((await put(student, '_security', {})).status).toBeGreaterThanOrEqual(400);
		expect((await fetch(`${server.url}/_all_dbs`, { headers: { authorization: loginOf(teacher) } })).status).toBe(403);
	});

	it('names what is wrong with a wrong code, an expired one, an e-mail for a name and a wrong teacher code', async () => {
		const wrong = await post('/_attune/join', { code: 'NOPE22', name: 'Cy' });
		expect(wrong.status).toBe(404);
		expect((await wrong.json()).reason).toContain('No class has the code “NOPE22”');
		const email = await post('/_attune/join', { code: teacher.code, name: 'cy@example.org' });
		expect((await email.json()).reason).toContain('not an e-mail');
		const badTeacher = await post('/_attune/classes', { teacherCode: 'AAAA', name: 'X' });
		expect(badTeacher.status).toBe(403);

		const shortLived = await startClassServer({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'attune-ttl-')), codeTtlMs: -1, quiet: true });
		try {
			const made = await (await fetch(shortLived.url + '/_attune/classes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ teacherCode: shortLived.teacherCode, name: 'Old' }) })).json();
			const expired = await fetch(shortLived.url + '/_attune/join', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: made.code, name: 'Di' }) });
			expect(expired.status).toBe(410);
			expect((await expired.json()).reason).toContain('has expired');
		} finally {
			await shortLived.close();
		}
	});

	it('replicates a picture as one document from two devices, and reports a forged consensus as denied', async () => {
		const remote = (m: Member) => new PouchDB(`${server.url}/${m.db}`, { auth: { username: m.memberId, password: m.password }, skip_setup: true });
		const id = `sample:${'b'.repeat(64)}`;
		const picture = () => ({ _id: id, type: 'sample', kind: 'image', _attachments: { image: { content_type: 'image/png', data: Buffer.from('the same bytes') } } });
		const first = new PouchDB('device-1', { adapter: 'memory' });
		const second = new PouchDB('device-2', { adapter: 'memory' });
		const device = first;
		await first.put(picture());
		await second.put(picture());
		await second.put({ _id: `consensus:${'b'.repeat(64)}`, label: 'robin' });
		await first.replicate.to(remote(student));
		const denied: unknown[] = [];
		await new Promise((resolve, reject) => second.replicate.to(remote(other)).on('denied', (e: unknown) => denied.push(e)).on('complete', resolve).on('error', reject));
		expect(denied).toHaveLength(1);
		const stored = await remote(teacher).get(id, { conflicts: true, attachments: true, binary: true });
		expect(stored._conflicts ?? []).toEqual([]);
		expect(Buffer.from(stored._attachments.image.data).toString()).toBe('the same bytes');
		await expect(remote(teacher).get(`consensus:${'b'.repeat(64)}`)).rejects.toMatchObject({ status: 404 });

		// A label changed on a device replaces the one the server holds (replication sends its history).
		const labelId = `label:${'b'.repeat(64)}:${student.memberId}`;
		const given = await device.put({ _id: labelId, type: 'label', member: student.memberId, name: 'Ann', label: 'robin', at: 1 });
		await device.replicate.to(remote(student));
		await device.put({ _id: labelId, _rev: given.rev, type: 'label', member: student.memberId, name: 'Ann', label: 'crow', at: 2 });
		await device.replicate.to(remote(student));
		expect((await remote(teacher).get(labelId)).label).toBe('crow');
	});

	it('keeps every class, member and label across a restart of the server', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'attune-restart-'));
		let running = await startClassServer({ port: 0, dataDir: dir, quiet: true });
		const made = await (await fetch(running.url + '/_attune/classes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ teacherCode: running.teacherCode, name: 'Kept' }) })).json();
		const label = `label:${'c'.repeat(64)}:${made.memberId}`;
		const auth = { authorization: loginOf(made), 'content-type': 'application/json' };
		await fetch(`${running.url}/${made.db}/${label}`, { method: 'PUT', headers: auth, body: JSON.stringify({ member: made.memberId, label: 'x' }) });
		const code = running.teacherCode;
		await running.close();
		running = await startClassServer({ port: 0, dataDir: dir, quiet: true });
		try {
			expect(running.teacherCode).toBe(code);
			const back = await fetch(`${running.url}/${made.db}/${label}`, { headers: auth });
			expect(back.status).toBe(200);
			expect((await back.json()).label).toBe('x');
		} finally {
			await running.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('class server in front of a CouchDB', () => {
	it('creates the class on the CouchDB, and members join and replicate through this server alone', async () => {
		// express-pouchdb stands in for CouchDB 3 here: the same HTTP API, admin and rules.
		const couchDir = mkdtempSync(join(tmpdir(), 'attune-couch-'));
		const couch = await startClassServer({ port: 0, dataDir: couchDir, quiet: true });
		const { admin, password } = JSON.parse(readFileSync(join(couchDir, 'attune-secrets.json'), 'utf8'));
		const front = await startClassServer({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'attune-front-')), quiet: true, couch: couch.url.replace('http://', `http://${admin}:${password}@`) });
		try {
			const post = (path: string, body: unknown) => fetch(front.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
			const teacher = await post('/_attune/classes', { teacherCode: front.teacherCode, name: 'On Couch' });
			const student = await post('/_attune/join', { code: teacher.code, name: 'Eve' });
			const device = new PouchDB('front-device', { adapter: 'memory' });
			await device.put({ _id: `label:${'d'.repeat(64)}:${student.memberId}`, type: 'label', member: student.memberId, name: 'Eve', label: 'x', at: 1 });
			await device.put({ _id: `consensus:${'d'.repeat(64)}`, label: 'y' });
			const result = await device.replicate.to(new PouchDB(`${front.url}/${student.db}`, { auth: { username: student.memberId, password: student.password }, skip_setup: true }));
			expect(result.doc_write_failures).toBe(1); // the forged decision
			const onCouch = new PouchDB(`${couch.url}/${teacher.db}`, { auth: { username: teacher.memberId, password: teacher.password }, skip_setup: true });
			expect((await onCouch.get(`label:${'d'.repeat(64)}:${student.memberId}`)).label).toBe('x');
			await expect(onCouch.get(`consensus:${'d'.repeat(64)}`)).rejects.toMatchObject({ status: 404 });
		} finally {
			await front.close();
			await couch.close();
		}
	});
});
