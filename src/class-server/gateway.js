/**
 * What a device may ask of the CouchDB protocol behind the class server: an allow-list of the calls
 * the app's replication makes, on the path as the database will read it (every segment
 * percent-decoded, so `/%5Fusers` is `/_users`). Everything else is refused before PouchDB or
 * CouchDB sees it: the server's own databases (`_users`, `_replicator`, the registry of join codes),
 * its configuration, a database's `_security` and `_local/_security` (where express-pouchdb keeps the
 * security object, past the validation function), design documents (read-only: their functions run
 * in the server), and any filter but the class's own. Only the server admin's own calls (server.js)
 * pass unchecked.
 */

/** A class database's name: `class-` and the ten letters and digits server.js gives it. */
export const CLASS_DB = /^class-[a-z0-9]{10}$/;

/** The filters a device's replication may run: the class's own (rules.js) and by document ids. */
const FILTERS = new Set(['_doc_ids', 'attune/meta', 'attune/samples']);

/** A `_local` document a replication checkpoint writes: PouchDB names them by a hash. At most this big. */
export const MAX_LOCAL_DOC_BYTES = 64 * 1024;

const READ = new Set(['GET', 'HEAD']);

/**
 * @typedef {{ status: number, error: string, reason: string }} Refusal
 * @param {string} method
 * @param {string} rawPath the request's path, as sent (not decoded)
 * @param {Record<string, unknown>} query
 * @param {number} bodyBytes the request's Content-Length (0 when none)
 * @returns {Refusal | null} null when the call is allowed
 */
export function refusalOf(method, rawPath, query, bodyBytes) {
	const segments = decodedSegments(rawPath);
	if (!segments) return { status: 400, error: 'bad_request', reason: 'That path is not valid: a part of it is badly encoded or hides a slash.' };
	const [first = '', second = '', third, ...rest] = segments;
	const refuse = (/** @type {string} */ what) => ({ status: 403, error: 'forbidden', reason: `A device may not ${what} on this class server.` });
	// The server's own answer ("is this CouchDB?") and who is logged in (server.js asks for a teacher).
	if (segments.length === 0) return READ.has(method) ? null : refuse('write here');
	if (first === '_session' && segments.length === 1) return READ.has(method) ? null : refuse('log in by session');
	if (!CLASS_DB.test(first)) return refuse(`reach ${first.startsWith('_') ? first : 'a database that is not a class'}`);
	if (segments.length === 1) return READ.has(method) ? null : refuse('create, change or delete a database');
	if (second === '_changes') {
		if (!READ.has(method) && method !== 'POST') return refuse('do that to the changes feed');
		const filter = query.filter;
		if (filter !== undefined && !(typeof filter === 'string' && FILTERS.has(filter))) return refuse(`run the filter “${String(filter)}”`);
		if (query.view !== undefined) return refuse('filter changes by a view');
		return null;
	}
	if (second === '_all_docs') return READ.has(method) || method === 'POST' ? null : refuse('do that to _all_docs');
	if (['_revs_diff', '_bulk_docs', '_bulk_get', '_ensure_full_commit'].includes(second)) return method === 'POST' && segments.length === 2 ? null : refuse(`do that to ${second}`);
	if (second === '_local') {
		// Replication checkpoints: one document each, named by PouchDB's hash (which may begin with "_"),
		// small. `_security` is where express-pouchdb keeps the security object.
		if (segments.length !== 3 || !third || third === '_security') return refuse('write that local document');
		if (!READ.has(method) && method !== 'PUT' && method !== 'DELETE') return refuse('do that to a local document');
		return bodyBytes > MAX_LOCAL_DOC_BYTES ? { status: 413, error: 'too_large', reason: `A local document is at most ${MAX_LOCAL_DOC_BYTES / 1024} KB.` } : null;
	}
	if (second === '_design') return READ.has(method) && third === 'attune' ? null : refuse('change the class’s rules');
	if (second.startsWith('_')) return refuse(`reach ${second}`);
	// A document (and its attachments): read, or written through the class's validation function.
	if (rest.length > 0) return refuse('reach that path');
	if (third !== undefined && !READ.has(method)) return refuse('write an attachment on its own');
	return READ.has(method) || method === 'PUT' || method === 'DELETE' ? null : refuse(`${method} a document`);
}

/**
 * The path's segments, each percent-decoded once, as the database reads them; null when one does not
 * decode or decodes to something with a slash (an id is never sent with one: the app's have none).
 * @param {string} rawPath
 * @returns {string[] | null}
 */
export function decodedSegments(rawPath) {
	const out = [];
	for (const raw of rawPath.split('/')) {
		if (raw === '') continue;
		let segment;
		try {
			segment = decodeURIComponent(raw);
		} catch {
			return null;
		}
		if (segment.includes('/') || segment.includes('\\') || segment === '.' || segment === '..') return null;
		out.push(segment);
	}
	return out;
}
