// Attacks on the class server from the network (issue 37), each checked by its effect, not only by
// its status: what a stranger or a student tried must not have happened, read with the server
// admin's own credentials (kept in the data folder).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_JOINS_PER_CODE_PER_MINUTE, startClassServer } from '../../../src/class-server/server.js';
import { designDoc } from '../../../src/class-server/rules.js';
import { basicLogin, loginOf, type Member } from './members';
import { decodedSegments, refusalOf } from '../../../src/class-server/gateway.js';

describe('class server under attack', () => {
	let dataDir: string;
	let server: { url: string; teacherCode: string; close: () => Promise<void> };
	let admin: string;
	let teacher: Member;
	let student: Member;
	let otherClass: Member;
	const call = (method: string, path: string, authorization?: string, body?: unknown) =>
		fetch(server.url + path, { method, headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
	const post = (path: string, body: unknown) => call('POST', path, undefined, body);
	/** Whether a login works: CouchDB's session names the user only when the password is right. */
	const canLogIn = async (name: string, password: string) => (await (await call('GET', '/_session', basicLogin(name, password))).json())?.userCtx?.name === name;
	const adminGet = async (path: string) => {
		const response = await call('GET', path, admin);
		return { status: response.status, body: await response.json() };
	};

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'attune-attacks-'));
		server = await startClassServer({ port: 0, dataDir, quiet: true });
		const secrets = JSON.parse(readFileSync(join(dataDir, 'attune-secrets.json'), 'utf8'));
		admin = basicLogin(secrets.admin, secrets.password);
		teacher = await (await post('/_attune/classes', { teacherCode: server.teacherCode, name: 'Birds', classes: ['robin', 'crow'] })).json();
		student = await (await post('/_attune/join', { code: teacher.code, name: 'Ann' })).json();
		const other = await (await post('/_attune/classes', { teacherCode: server.teacherCode, name: 'Fish', classes: ['cod'] })).json();
		otherClass = await (await post('/_attune/join', { code: other.code, name: 'Bo' })).json();
	});
	afterAll(async () => {
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('no login: no user written into _replicator or _users, plain or percent-encoded, and no replication started', async () => {
		const user = { _id: 'org.couchdb.user:mallory', name: 'mallory', password: 'pw', roles: ['_admin'], type: 'user' };
		const tries = [
			await call('PUT', '/_replicator/mallory', undefined, user),
			await call('PUT', '/%5Freplicator/mallory', undefined, user),
			await call('PUT', '/_users/org.couchdb.user:mallory', undefined, user),
			await call('PUT', '/%5Fusers/org.couchdb.user%3Amallory', undefined, user),
			await call('PUT', '/%5fusers/org.couchdb.user:mallory', undefined, user),
			await call('POST', '/_replicate', undefined, { source: '_replicator', target: '_users' })
		];

		expect(tries.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
		expect((await adminGet('/_users/org.couchdb.user:mallory')).status).toBe(404);
		expect((await adminGet('/_replicator/mallory')).status).toBe(404);
		expect(await canLogIn('mallory', 'pw')).toBe(false);
	});

	it('a student reads no join code from the registry, by its name or encoded', async () => {
		for (const path of ['/attune-registry/_all_docs?include_docs=true', '/attune%2Dregistry/_all_docs?include_docs=true', `/attune-registry/code:${teacher.code}`]) {
			const response = await call('GET', path, loginOf(student));
			expect(response.status).toBe(403);
			expect(await response.text()).not.toContain(teacher.code!);
		}
	});

	it('a student cannot make themselves the class admin through _local/_security, nor then write its rules or decisions', async () => {
		// express-pouchdb keeps the security object in this local document: read first for its revision.
		const held = await (await call('GET', `/${teacher.db}/_local/_security`, loginOf(student))).json().catch(() => ({}));
		const security = { ...(held?._rev ? { _rev: held._rev } : {}), admins: { names: [student.memberId], roles: [] }, members: { names: [], roles: [] } };
		for (const path of [`/${teacher.db}/_local/_security`, `/${teacher.db}/%5Flocal/%5Fsecurity`, `/${teacher.db}/_local/%5Fsecurity`, `/${teacher.db}/_security`])
			expect((await call('PUT', path, loginOf(student), security)).status).toBeGreaterThanOrEqual(400);
		await call('POST', `/${teacher.db}/_bulk_docs`, loginOf(student), { docs: [{ _id: '_local/_security', ...security }] });

		const stored = await adminGet(`/${teacher.db}/_security`);
		expect(stored.body.admins.names).toEqual([teacher.memberId]);
		expect(stored.body.members.roles).not.toEqual([]);
		expect((await call('PUT', `/${teacher.db}/consensus:${'a'.repeat(64)}`, loginOf(student), { label: 'crow' })).status).toBe(403);
		expect((await adminGet(`/${teacher.db}/consensus:${'a'.repeat(64)}`)).status).toBe(404);
	});

	it('a student runs no code on the server: no design document is written, by PUT, by bulk write or encoded', async () => {
		const marker = join(dataDir, 'pwned.txt');
		const evil = { validate_doc_update: `function () { require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); }` };
		const tries = [
			await call('PUT', `/${teacher.db}/_design/evil`, loginOf(student), evil),
			await call('PUT', `/${teacher.db}/_design%2Fevil`, loginOf(student), evil),
			await call('POST', `/${teacher.db}/_bulk_docs`, loginOf(student), { docs: [{ _id: '_design/evil', ...evil }] })
		];
		await call('PUT', `/${teacher.db}/label:${'d'.repeat(64)}:${student.memberId}`, loginOf(student), { member: student.memberId, label: 'robin' });

		expect(tries[0]!.status).toBe(403);
		expect(tries[1]!.status).toBe(400);
		expect((await adminGet(`/${teacher.db}/_design/evil`)).status).toBe(404);
		expect(existsSync(marker)).toBe(false);
		// The class's own rules stay readable: replication runs its filters.
		expect((await call('GET', `/${teacher.db}/_design/attune`, loginOf(student))).status).toBe(200);
	});

	it('a student of one class writes nothing into another, by a replication document or directly', async () => {
		const label = `label:${'e'.repeat(64)}:${otherClass.memberId}`;
		const replication = { source: `${server.url}/${otherClass.db}`, target: `${server.url}/${teacher.db}`, user_ctx: { name: otherClass.memberId, roles: [] } };
		expect((await call('PUT', '/_replicator/copy', loginOf(otherClass), replication)).status).toBe(403);
		expect((await call('PUT', `/${teacher.db}/${label}`, loginOf(otherClass), { member: otherClass.memberId, label: 'robin' })).status).toBeGreaterThanOrEqual(401);
		expect((await adminGet(`/${teacher.db}/${label}`)).status).toBe(404);
	});

	it('refuses what replication never asks: server config, every database, a view as a filter, a big local document, a path climbing out', async () => {
		expect((await call('GET', '/_config', loginOf(teacher))).status).toBe(403);
		expect((await call('GET', '/_all_dbs', loginOf(teacher))).status).toBe(403);
		expect((await call('GET', `/${teacher.db}/_changes?filter=_view&view=attune/x`, loginOf(student))).status).toBe(403);
		expect((await call('GET', `/${teacher.db}/_changes?filter=evil/x`, loginOf(student))).status).toBe(403);
		expect((await call('GET', `/${teacher.db}/_changes?filter=attune/meta`, loginOf(student))).status).toBe(200);
		const big = await call('PUT', `/${teacher.db}/_local/checkpoint`, loginOf(student), { filler: 'x'.repeat(2_000_000) });
		expect(big.status).toBe(413);
		expect((await adminGet(`/${teacher.db}/_local/checkpoint`)).status).toBe(404);
		expect((await call('PUT', `/${teacher.db}/_local/checkpoint`, loginOf(student), { last_seq: 1 })).status).toBe(201);
		expect((await call('GET', `/${teacher.db}/..%2F_users`, loginOf(student))).status).toBe(400);
		expect((await call('DELETE', `/${teacher.db}`, loginOf(teacher))).status).toBe(403);
		expect((await adminGet(`/${teacher.db}`)).status).toBe(200);
	});
	it('a student cannot make themselves a teacher, nor rename themselves, on their own member document', async () => {
		const path = `/${teacher.db}/member:${student.memberId}`;
		const held = await (await call('GET', path, loginOf(student))).json();
		const promoted = await call('PUT', path, loginOf(student), { ...held, role: 'teacher' });
		const renamed = await call('PUT', path, loginOf(student), { ...held, name: 'Teacher' });

		expect(promoted.status).toBe(403);
		expect(renamed.status).toBe(403);
		expect((await adminGet(path)).body).toMatchObject({ role: 'student', name: 'Ann' });
	});

	it('a new code stops the old one; the new one joins', async () => {
		const old = teacher.code!;
		const renewed = await (await call('POST', '/_attune/code', loginOf(teacher), { db: teacher.db })).json();

		const withOld = await post('/_attune/join', { code: old, name: 'Late' });
		expect(withOld.status).toBe(404);
		expect((await adminGet(`/attune-registry/code:${old}`)).status).toBe(404);
		expect((await post('/_attune/join', { code: renewed.code, name: 'Cy' })).status).toBe(201);
		teacher.code = renewed.code;
	});

	it('the teacher removes a student: their login stops at once, their writes are refused, and only the teacher may do it', async () => {
		const gone = await (await post('/_attune/join', { code: teacher.code, name: 'Gus' })).json();
		const label = (n: string) => `/${teacher.db}/label:${n.repeat(64)}:${gone.memberId}`;
		expect((await call('PUT', label('1'), loginOf(gone), { member: gone.memberId, label: 'robin' })).status).toBe(201);
		const byStudent = await call('POST', '/_attune/members/remove', loginOf(student), { db: teacher.db, memberId: gone.memberId });
		expect(byStudent.status).toBe(403);
		expect(await canLogIn(gone.memberId, gone.password)).toBe(true);

		const removed = await call('POST', '/_attune/members/remove', loginOf(teacher), { db: teacher.db, memberId: gone.memberId });

		expect(removed.status).toBe(200);
		expect(await canLogIn(gone.memberId, gone.password)).toBe(false);
		expect((await call('PUT', label('2'), loginOf(gone), { member: gone.memberId, label: 'crow' })).status).toBe(401);
		expect((await call('GET', `/${teacher.db}/_all_docs`, loginOf(gone))).status).toBe(401);
		expect((await adminGet(label('2'))).status).toBe(404);
		expect((await adminGet(`/${teacher.db}/member:${gone.memberId}`)).body.removedAt).toBeGreaterThan(0);
		expect((await adminGet(label('1'))).status).toBe(200); // what they gave stays the class's
		const again = await call('POST', '/_attune/members/remove', loginOf(teacher), { db: teacher.db, memberId: teacher.memberId });
		expect(again.status).toBe(404); // the teacher is no student to remove
	});

	it('answers CORS only for the app origins a class was started or joined from, and first contact for any', async () => {
		const app = 'http://attune.school.example';
		const started = await fetch(server.url + '/_attune/classes', { method: 'POST', headers: { 'content-type': 'application/json', origin: app }, body: JSON.stringify({ teacherCode: server.teacherCode, name: 'Moths' }) });
		const made = await started.json();
		const preflight = (origin: string) => fetch(`${server.url}/${made.db}/_all_docs`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
		const read = (origin: string) => fetch(`${server.url}/${made.db}/_all_docs`, { headers: { origin, authorization: loginOf(made) } });

		expect(started.headers.get('access-control-allow-origin')).toBe(app);
		expect((await preflight(app)).headers.get('access-control-allow-origin')).toBe(app);
		expect((await read(app)).headers.get('access-control-allow-credentials')).toBe('true');
		for (const response of [await preflight('http://evil.example'), await read('http://evil.example')]) {
			expect(response.headers.get('access-control-allow-origin')).toBeNull();
			expect(response.headers.get('access-control-allow-credentials')).toBeNull();
		}
		const join = await fetch(server.url + '/_attune/join', { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
		expect(join.headers.get('access-control-allow-origin')).toBe('http://evil.example');
		expect(join.headers.get('access-control-allow-credentials')).toBeNull();
	});

	it('a closed class takes no join and no login of it works, the teacher’s included; only its teacher closes it', async () => {
		const made = await (await post('/_attune/classes', { teacherCode: server.teacherCode, name: 'Closing' })).json();
		const member = await (await post('/_attune/join', { code: made.code, name: 'Flo' })).json();
		expect((await call('POST', '/_attune/classes/close', loginOf(member), { db: made.db })).status).toBe(403);

		expect((await call('POST', '/_attune/classes/close', loginOf(made), { db: made.db })).status).toBe(200);

		expect((await post('/_attune/join', { code: made.code, name: 'Gil' })).status).toBe(404);
		expect(await canLogIn(member.memberId, member.password)).toBe(false);
		expect(await canLogIn(made.memberId, made.password)).toBe(false);
		expect((await call('GET', `/${made.db}/_all_docs`, loginOf(member))).status).toBe(401);
		expect((await adminGet(`/${made.db}/class`)).body.closedAt).toBeGreaterThan(0);
	});

	it('a script joining over and over with one code is stopped, and made few logins', async () => {
		const made = await (await post('/_attune/classes', { teacherCode: server.teacherCode, name: 'Flood' })).json();
		const answers: number[] = [];
		for (let i = 0; i < MAX_JOINS_PER_CODE_PER_MINUTE + 10; i++) answers.push((await post('/_attune/join', { code: made.code, name: `bot ${i}` })).status);

		expect(answers.filter((s) => s === 201)).toHaveLength(MAX_JOINS_PER_CODE_PER_MINUTE);
		expect(answers.at(-1)).toBe(429);
		const refused = await post('/_attune/join', { code: made.code, name: 'one more' });
		expect((await refused.json()).reason).toContain(`At most ${MAX_JOINS_PER_CODE_PER_MINUTE} devices join with one code in a minute`);
		const members = await adminGet(`/${made.db}/_all_docs?startkey="member:"&endkey="member:\uffff"`);
		expect(members.body.rows).toHaveLength(MAX_JOINS_PER_CODE_PER_MINUTE + 1); // and the teacher
	});

	it('the class rules are the server’s: a class database whose rules were replaced gets them back at the next start', async () => {
		const path = `/${teacher.db}/_design/attune`;
		const held = (await adminGet(path)).body;
		await call('PUT', path, admin, { ...held, validate_doc_update: 'function () {}' });
		await server.close();
		server = await startClassServer({ port: 0, dataDir, quiet: true });

		expect((await adminGet(path)).body.validate_doc_update).toBe(designDoc().validate_doc_update);
		expect((await call('PUT', `/${teacher.db}/consensus:${'f'.repeat(64)}`, loginOf(student), { label: 'crow' })).status).toBe(403);
	});
});

describe('the gateway rules on their own', () => {
	it('decodes each segment once, and refuses a bad encoding or a hidden slash', () => {
		expect(decodedSegments('/%5Fusers/org.couchdb.user%3Ax')).toEqual(['_users', 'org.couchdb.user:x']);
		expect(decodedSegments('/class-aaaaaaaaaa/%E0%A4%A')).toBeNull();
		expect(decodedSegments('/class-aaaaaaaaaa/_design%2Fevil')).toBeNull();
	});

	it('allows the calls the app’s replication makes', () => {
		const db = '/class-abcdefghij';
		for (const [method, path, query] of [
			['GET', '/', {}],
			['GET', db, {}],
			['GET', `${db}/_changes`, { filter: 'attune/samples', feed: 'longpoll' }],
			['POST', `${db}/_changes`, { filter: '_doc_ids' }],
			['POST', `${db}/_revs_diff`, {}],
			['POST', `${db}/_bulk_docs`, {}],
			['POST', `${db}/_bulk_get`, {}],
			['GET', `${db}/_all_docs`, {}],
			['GET', `${db}/_local/abc123`, {}],
			['PUT', `${db}/_local/abc123`, {}],
			['PUT', `${db}/_local/_fFcfNsa671otvI.jfSWSQ%3D%3D`, {}], // a checkpoint id PouchDB made
			['GET', `${db}/sample%3Aabc`, { attachments: 'true' }]
		] as const)
			expect(refusalOf(method, path, query, 100), `${method} ${path}`).toBeNull();
	});
});
