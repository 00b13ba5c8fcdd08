/**
 * The CouchDB side of the class server: the protocol served from PouchDB on disk (express-pouchdb,
 * with one fix), or a real CouchDB 3's admin; and the HTTP API as that admin.
 */
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PouchDB } from './pouchdb.js';

const require = createRequire(import.meta.url);

/**
 * express-pouchdb with one fix. Its validation plugin (pouchdb-validation 4.2) replaces a document's
 * `_revisions` with the stored document's before validating it. Replication writes with
 * new_edits=false and the revision history in `_revisions`, so an edited document arrived without
 * its history and was silently not stored (201, nothing written): a member's changed label never
 * reached the class. The patched line keeps the history that came with the document.
 */
function expressPouchdb() {
	const file = createRequire(require.resolve('express-pouchdb')).resolve('pouchdb-validation');
	if (!require.cache[file]) {
		const source = readFileSync(file, 'utf8');
		const broken = 'newDoc._revisions = (oldDoc || {})._revisions;';
		if (!source.includes(broken)) throw new Error('pouchdb-validation changed: check the replication fix in src/class-server/server.js');
		// Node's own loader (Module#_compile, _nodeModulePaths), untyped in @types/node.
		const Loader = /** @type {any} */ (Module);
		const patched = new Loader(file);
		patched.filename = file;
		patched.paths = Loader._nodeModulePaths(dirname(file));
		patched._compile(source.replace(broken, 'if (!newDoc._revisions) ' + broken), file);
		patched.loaded = true;
		require.cache[file] = patched;
	}
	return require('express-pouchdb');
}

/** The CouchDB admin named in a --couch URL. @param {string} url */
export function couchAdmin(url) {
	const parsed = new URL(url);
	if (!parsed.username) throw new Error('--couch needs the CouchDB admin in the URL: http://admin:password@host:5984');
	return { admin: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
}

/**
 * The CouchDB protocol served here, from PouchDB databases on disk, with this server's admin.
 * @param {string} dataDir @param {{ admin: string, password: string }} secrets
 */
export async function localCouch(dataDir, secrets) {
	const OnDisk = PouchDB.defaults({ prefix: join(dataDir, 'db-'), adapter: 'leveldb' });
	const pouchApp = expressPouchdb()(OnDisk, {
		mode: 'fullCouchDB',
		configPath: join(dataDir, 'config.json'),
		logPath: join(dataDir, 'log.txt'),
		overrideMode: { exclude: ['routes/fauxton'] }
	});
	await new Promise((resolve) => pouchApp.couchConfig.set('admins', secrets.admin, secrets.password, resolve));
	return pouchApp;
}

/**
 * The CouchDB HTTP API as the server admin.
 * @param {string} base @param {string} user @param {string} password
 */
export function adminClient(base, user, password) {
	const authorization = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
	/** @param {string} method @param {string} path @param {unknown} [body] @param {Record<string,string>} [headers] */
	return async function couch(method, path, body, headers = {}) {
		const response = await fetch(base + path, {
			method,
			headers: { authorization, 'content-type': 'application/json', ...headers },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const data = await response.json().catch(() => ({}));
		return { status: response.status, data };
	};
}
