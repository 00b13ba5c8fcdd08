/**
 * The class server: the CouchDB replication protocol (express-pouchdb on PouchDB, data on disk),
 * plus three calls of its own under /_attune: create a class (with the teacher code printed at
 * start), join one (with the class's code and a display name), and renew a class's code. Every
 * change it makes goes through the CouchDB HTTP API with the server admin's credentials, so the
 * same calls set up a class on a real CouchDB 3 (main.js --couch).
 */
import cors from 'cors';
import express from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { adminClient, couchAdmin, localCouch } from './couch.js';
import { designDoc, DESIGN_ID, securityObject } from './rules.js';
import { CLASS_DB, refusalOf } from './gateway.js';

const require = createRequire(import.meta.url);

export const REGISTRY_DB = 'attune-registry';
export const DEFAULT_CODE_TTL_MS = 7 * 24 * 3600_000;
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const MAX_FAILED_JOINS_PER_MINUTE = 20;
/** The calls any web origin may make (CORS without credentials): a code in the body is their proof. */
const FIRST_CONTACT = ['/_attune/info', '/_attune/classes', '/_attune/join'];
/** Members a class may have, its teacher included: a school class, with room for a second device each. */
export const MAX_MEMBERS_PER_CLASS = 100;
/** Joins with one code in a minute: a class of 30 joining at the start of a lesson, not a script. */
export const MAX_JOINS_PER_CODE_PER_MINUTE = 40;

/** @param {number} n @param {string} alphabet */
function randomText(n, alphabet = 'abcdefghijkmnpqrstuvwxyz23456789') {
	const bytes = randomBytes(n);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** A join code as people type it: any case, spaces or dashes. @param {unknown} raw */
export function normaliseCode(raw) {
	return String(raw ?? '').toUpperCase().replace(/[\s-]/g, '');
}

/** @param {string} a @param {string} b */
function sameSecret(a, b) {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** The admin name, password and teacher code, made once per data folder and kept there. @param {string} dataDir */
function loadSecrets(dataDir) {
	const file = join(dataDir, 'attune-secrets.json');
	if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
	const secrets = { admin: 'attune-admin', password: randomText(32), teacherCode: randomText(12, CODE_ALPHABET) };
	writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
	return secrets;
}

/**
 * An error the client shows as it is.
 * @param {number} status @param {string} error @param {string} reason
 */
function refusal(status, error, reason) {
	return Object.assign(new Error(reason), { status, error, reason });
}

/**
 * Starts a class server. With `couch` (a CouchDB 3 URL with its admin's name and password in it),
 * the classes live on that CouchDB: this server then only answers /_attune and passes everything else
 * on, so devices still talk to one origin.
 * `appOrigins` are web origins of the app allowed to replicate from the start (CORS); those a class is
 * started or joined from are added as that happens.
 * @param {{ port?: number, host?: string, dataDir: string, codeTtlMs?: number, quiet?: boolean, couch?: string, appOrigins?: string[] }} options
 * @returns {Promise<{ url: string, port: number, teacherCode: string, close: () => Promise<void> }>}
 */
export async function startClassServer({ port = 5984, host = '127.0.0.1', dataDir, codeTtlMs = DEFAULT_CODE_TTL_MS, quiet = false, couch: couchUrl, appOrigins = [] }) {
	mkdirSync(dataDir, { recursive: true });
	// Every device's live replication listens on its class's database: a class of 30 is 90 listeners.
	EventEmitter.defaultMaxListeners = Math.max(EventEmitter.defaultMaxListeners, 500);
	const secrets = { ...loadSecrets(dataDir), ...(couchUrl ? couchAdmin(couchUrl) : {}) };
	const adminHeader = 'Basic ' + Buffer.from(`${secrets.admin}:${secrets.password}`).toString('base64');

	const pouchApp = couchUrl ? undefined : await localCouch(dataDir, secrets);

	const app = express();
	app.disable('x-powered-by');
	// CORS. First contact (is this a class server, start a class, join one) answers any origin, with no
	// credentials: a code in the body is the proof. Everything else answers only the app origins
	// allowed: those given at start (--app-origin) and those a class was started or joined from.
	const origins = new Set(appOrigins);
	const firstContact = cors({ origin: true, credentials: false, maxAge: 600 });
	const members = cors({ origin: (origin, done) => done(null, !origin || origins.has(origin)), credentials: true, maxAge: 600 });
	app.use((req, res, next) => (FIRST_CONTACT.includes(req.path) ? firstContact : members)(req, res, next));
	/** Lets the app origin of a request that started or joined a class in from now on, and keeps it. @param {any} req */
	async function allowOriginOf(req) {
		const origin = req.get('origin');
		if (!origin || origins.has(origin) || !/^https?:\/\/[^/\s]+$/.test(origin)) return;
		origins.add(origin);
		const held = await couch('GET', `/${REGISTRY_DB}/app-origins`);
		await must(couch('PUT', `/${REGISTRY_DB}/app-origins`, { ...(held.status === 200 ? held.data : {}), origins: [...origins].sort() }));
	}

	const failedJoins = new Map();
	/** Each code's joins in the last minute (MAX_JOINS_PER_CODE_PER_MINUTE). */
	const joinsByCode = new Map();
	/** @param {string} ip */
	const tooManyFailures = (ip) => {
		const now = Date.now();
		const recent = (failedJoins.get(ip) ?? []).filter((/** @type {number} */ t) => now - t < 60_000);
		failedJoins.set(ip, recent);
		return recent.length >= MAX_FAILED_JOINS_PER_MINUTE;
	};

	let couch = adminClient('', secrets.admin, secrets.password);
	const api = express.Router();
	api.use(express.json({ limit: '64kb' }));
	api.get('/info', (_req, res) => res.json({ attune: 'class-server', version: 1 }));

	api.post('/classes', async (req, res, next) => {
		try {
			const { teacherCode, name, teacherName, classes } = req.body ?? {};
			if (typeof teacherCode !== 'string' || !sameSecret(normaliseCode(teacherCode), secrets.teacherCode))
				throw refusal(403, 'wrong_teacher_code', 'That teacher code is not this server’s. It is printed where the class server runs.');
			const className = cleanName(name, 'class name');
			const displayName = cleanName(teacherName ?? 'Teacher', 'display name');
			const labels = Array.isArray(classes) ? classes.map((c) => cleanName(c, 'label')).slice(0, 50) : [];
			const classId = randomText(10);
			const db = `class-${classId}`;
			const role = `class-${classId}`;
			const teacher = await makeMember(role, 't-', `teacher-${classId}`);
			await must(couch('PUT', `/${db}`));
			await must(couch('PUT', `/${db}/_security`, securityObject(teacher.memberId, role)));
			await must(couch('PUT', `/${db}/${encodeURIComponent(DESIGN_ID).replace('%2F', '/')}`, designDoc()));
			await must(couch('PUT', `/${db}/class`, { type: 'class', name: className, classes: labels, teacher: teacher.memberId, createdAt: Date.now() }));
			await must(couch('PUT', `/${db}/member:${teacher.memberId}`, { type: 'member', name: displayName, role: 'teacher', joinedAt: Date.now() }));
			const code = await newCode(db, classId, className);
			await allowOriginOf(req);
			res.status(201).json({ db, classId, name: className, role: 'teacher', ...teacher, displayName, ...code });
		} catch (error) {
			next(error);
		}
	});

	api.post('/join', async (req, res, next) => {
		try {
			if (tooManyFailures(req.ip ?? '')) throw refusal(429, 'too_many_tries', 'Too many wrong codes from this device. Wait a minute and try again.');
			const code = normaliseCode(req.body?.code);
			const displayName = cleanName(req.body?.name, 'display name');
			const entry = code ? await couch('GET', `/${REGISTRY_DB}/code:${encodeURIComponent(code)}`) : { status: 404, data: {} };
			if (entry.status !== 200) {
				failedJoins.get(req.ip ?? '')?.push(Date.now());
				throw refusal(404, 'wrong_code', `No class has the code “${code || '(empty)'}”. Check it with your teacher.`);
			}
			if (entry.data.expiresAt < Date.now()) throw refusal(410, 'expired_code', `The code “${code}” has expired. Ask your teacher for a new one.`);
			const { db, classId, name } = entry.data;
			const recent = (joinsByCode.get(code) ?? []).filter((/** @type {number} */ t) => Date.now() - t < 60_000);
			if (recent.length >= MAX_JOINS_PER_CODE_PER_MINUTE) throw refusal(429, 'too_many_joins', `At most ${MAX_JOINS_PER_CODE_PER_MINUTE} devices join with one code in a minute. Wait a minute and try again.`);
			joinsByCode.set(code, [...recent, Date.now()]);
			const members = await docsNamed(db, 'member:');
			if (members.length >= MAX_MEMBERS_PER_CLASS) throw refusal(403, 'class_full', `This class has its ${MAX_MEMBERS_PER_CLASS} members, the most a class may have.`);
			const member = await makeMember(`class-${classId}`, 'm-');
			await must(couch('PUT', `/${db}/member:${member.memberId}`, { type: 'member', name: displayName, role: 'student', joinedAt: Date.now() }));
			await allowOriginOf(req);
			res.status(201).json({ db, classId, name, role: 'student', ...member, displayName });
		} catch (error) {
			next(error);
		}
	});

	/** Refuses unless the request's login is the teacher of the class `db`. @param {any} req @param {string} db @param {string} what */
	async function mustBeTeacher(req, db, what) {
		const session = await fetch(`${base}/_session`, { headers: { authorization: req.get('authorization') ?? '' } }).then((r) => r.json());
		const security = CLASS_DB.test(db) ? await couch('GET', `/${db}/_security`) : { data: {} };
		const admins = security.data?.admins?.names ?? [];
		if (!session?.userCtx?.name || !admins.includes(session.userCtx.name)) throw refusal(403, 'not_teacher', `Only the class’s teacher can ${what}.`);
	}

	api.post('/code', async (req, res, next) => {
		try {
			const db = String(req.body?.db ?? '');
			await mustBeTeacher(req, db, 'make a new code');
			const info = await couch('GET', `/${encodeURIComponent(db)}/class`);
			await revokeCodes(db); // a new code stops the old one
			res.status(201).json(await newCode(db, db.replace(/^class-/, ''), info.data.name));
		} catch (error) {
			next(error);
		}
	});

	// The teacher removes a student: their login is deleted at once, so every later request of theirs
	// (a live replication's next one included) is refused; their member document says when.
	api.post('/members/remove', async (req, res, next) => {
		try {
			const db = String(req.body?.db ?? '');
			const memberId = String(req.body?.memberId ?? '');
			await mustBeTeacher(req, db, 'remove a member');
			const member = /^m-[a-z0-9]{10}$/.test(memberId) ? await couch('GET', `/${db}/member:${memberId}`) : { status: 404, data: {} };
			if (member.status !== 200 || member.data.role !== 'student') throw refusal(404, 'no_member', 'That student is not in this class.');
			await deleteLogin(memberId);
			if (!member.data.removedAt) await must(couch('PUT', `/${db}/member:${memberId}`, { ...member.data, removedAt: Date.now() }));
			res.json({ ok: true, memberId });
		} catch (error) {
			next(error);
		}
	});

	// The teacher closes the class: no code joins it any more and every login of it, theirs included,
	// is deleted; the database stays on the server's disk, readable by its admin only.
	api.post('/classes/close', async (req, res, next) => {
		try {
			const db = String(req.body?.db ?? '');
			await mustBeTeacher(req, db, 'close the class');
			await revokeCodes(db);
			for (const row of await docsNamed(db, 'member:')) await deleteLogin(row.id.slice('member:'.length));
			const info = await must(couch('GET', `/${db}/class`));
			await must(couch('PUT', `/${db}/class`, { ...info, closedAt: Date.now() }));
			res.json({ ok: true, db });
		} catch (error) {
			next(error);
		}
	});

	api.use((/** @type {any} */ error, /** @type {any} */ _req, /** @type {any} */ res, /** @type {any} */ _next) => {
		if (error?.status && error.reason) return res.status(error.status).json({ error: error.error, reason: error.reason });
		if (!quiet) console.error(error);
		res.status(500).json({ error: 'server_error', reason: 'The class server failed: ' + String(error?.message ?? error) });
	});
	app.use('/_attune', api);

	// Past /_attune, only the calls the app's replication makes (gateway.js); the server admin's own pass.
	app.use((req, res, next) => {
		if (req.get('authorization') === adminHeader) return next();
		const length = req.get('content-length');
		const bodyBytes = length !== undefined ? Number(length) : req.get('transfer-encoding') ? Infinity : 0;
		const refused = refusalOf(req.method, req.path, /** @type {Record<string, unknown>} */ (req.query), bodyBytes);
		if (refused) return res.status(refused.status).json({ error: refused.error, reason: refused.reason });
		next();
	});
	if (pouchApp) app.use('/', pouchApp);
	else {
		const { createProxyMiddleware } = require('http-proxy-middleware');
		app.use('/', createProxyMiddleware({ target: new URL(couchUrl ?? '').origin, changeOrigin: true }));
	}

	/** @param {unknown} raw @param {string} what */
	function cleanName(raw, what) {
		const text = String(raw ?? '').trim().replace(/\s+/g, ' ');
		if (!text) throw refusal(400, 'bad_name', `A ${what} is needed.`);
		if (text.length > 40) throw refusal(400, 'bad_name', `A ${what} has at most 40 characters.`);
		if (what === 'display name' && /@/.test(text)) throw refusal(400, 'bad_name', 'A display name, not an e-mail address: the class needs no e-mail.');
		return text;
	}

	/** @param {Promise<{status: number, data: any}>} call */
	async function must(call) {
		const { status, data } = await call;
		if (status >= 300) throw new Error(`${data.error ?? status}: ${data.reason ?? ''}`);
		return data;
	}

	/**
	 * A user of the server, in one class's role, with a password only their device knows.
	 * @param {string} role @param {string} prefix @param {string} [teacherRole]
	 */
	async function makeMember(role, prefix, teacherRole) {
		const memberId = prefix + randomText(10);
		const password = randomText(24);
		const roles = teacherRole ? [role, teacherRole] : [role];
		await must(couch('PUT', `/_users/org.couchdb.user:${memberId}`, { _id: `org.couchdb.user:${memberId}`, name: memberId, password, roles, type: 'user' }));
		return { memberId, password };
	}

	/**
	 * The rows of `db`'s documents whose ids begin with `prefix`, with the documents when `withDocs`.
	 * @param {string} db @param {string} prefix @param {boolean} [withDocs]
	 * @returns {Promise<{ id: string, value: { rev: string }, doc?: any }[]>}
	 */
	async function docsNamed(db, prefix, withDocs = false) {
		const range = `startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(prefix + '\uffff'))}`;
		return (await must(couch('GET', `/${db}/_all_docs?${range}${withDocs ? '&include_docs=true' : ''}`))).rows;
	}

	/** Deletes a member's login: every later request with it is refused at once. @param {string} memberId */
	async function deleteLogin(memberId) {
		const user = await couch('GET', `/_users/org.couchdb.user:${memberId}`);
		if (user.status === 200) await must(couch('DELETE', `/_users/org.couchdb.user:${memberId}?rev=${user.data._rev}`));
	}

	/** Deletes every join code of the class `db`. @param {string} db */
	async function revokeCodes(db) {
		const old = (await docsNamed(REGISTRY_DB, 'code:', true)).filter((/** @type {any} */ r) => r.doc?.db === db).map((/** @type {any} */ r) => ({ _id: r.id, _rev: r.value.rev, _deleted: true }));
		if (old.length) await must(couch('POST', `/${REGISTRY_DB}/_bulk_docs`, { docs: old }));
	}

	/**
	 * The class rules are the server's code: at every start each class database gets this version's
	 * design document (rules.js), whatever it held.
	 */
	async function installRules() {
		const dbs = await must(couch('GET', '/_all_dbs'));
		for (const db of dbs.filter((/** @type {string} */ name) => CLASS_DB.test(name))) {
			const path = `/${db}/${DESIGN_ID}`;
			const held = await couch('GET', path);
			const rules = designDoc();
			if (held.status === 200 && held.data.validate_doc_update === rules.validate_doc_update && JSON.stringify(held.data.filters) === JSON.stringify(rules.filters)) continue;
			await must(couch('PUT', path, { ...rules, ...(held.status === 200 ? { _rev: held.data._rev } : {}) }));
		}
	}

	/** @param {string} db @param {string} classId @param {string} name */
	async function newCode(db, classId, name) {
		const code = randomText(6, CODE_ALPHABET);
		const expiresAt = Date.now() + codeTtlMs;
		await must(couch('PUT', `/${REGISTRY_DB}/code:${code}`, { db, classId, name, expiresAt }));
		return { code, expiresAt };
	}

	const server = await new Promise((resolve, reject) => {
		const s = app.listen(port, host, () => resolve(s));
		s.on('error', reject);
	});
	const actualPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
	const base = couchUrl ? new URL(couchUrl).origin : `http://127.0.0.1:${actualPort}`;
	couch = adminClient(base, secrets.admin, secrets.password);
	const registry = await couch('PUT', `/${REGISTRY_DB}`);
	if (registry.status === 201) await must(couch('PUT', `/${REGISTRY_DB}/_security`, { admins: { names: [], roles: [] }, members: { names: [secrets.admin], roles: ['_admin'] } }));
	await installRules();
	const kept = await couch('GET', `/${REGISTRY_DB}/app-origins`);
	for (const origin of kept.status === 200 ? (kept.data.origins ?? []) : []) origins.add(origin);

	return {
		url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`,
		port: actualPort,
		teacherCode: secrets.teacherCode,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve(undefined));
				// Devices keep long-polling connections open; a stopping server ends them.
				server.closeAllConnections();
			})
	};
}
