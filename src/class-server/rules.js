/**
 * The rules every class database carries, enforced by the server (CouchDB or express-pouchdb), not
 * by the app: a member writes only their own labels and audit records; only the teacher (the
 * database's admin) writes consensus, the class model and the class description. Written in ES5:
 * CouchDB 3 runs design functions in its own JavaScript engine.
 */

/* eslint-disable */
/** @param {any} newDoc @param {any} oldDoc @param {any} userCtx @param {any} secObj */
function validateDocUpdate(newDoc, oldDoc, userCtx, secObj) {
	var name = userCtx.name;
	var roles = userCtx.roles || [];
	var admins = (secObj && secObj.admins && secObj.admins.names) || [];
	// A teacher is the database's admin; replication's bulk writes may not carry the security object, so
	// the teacher's role says it too (a teacher of another class is no member here and never gets this far).
	var teacher = roles.indexOf('_admin') !== -1 || admins.indexOf(name) !== -1;
	for (var i = 0; i < roles.length; i++) if (String(roles[i]).indexOf('teacher-') === 0) teacher = true;
	var id = newDoc._id;
	var parts = id.split(':');
	var kind = parts[0];
	/** @param {string} why */
	function deny(why) {
		throw { forbidden: why };
	}
	if (!name) deny('Join the class first.');
	if (id.indexOf('_design/') === 0) {
		if (!teacher) deny('Only the teacher changes the class rules.');
		return;
	}
	if (kind === 'label') {
		if (parts.length !== 3) deny('A label document is named label:<sample>:<member>.');
		if (parts[2] !== name && roles.indexOf('_admin') === -1) deny('You can only write your own labels.');
		if (!newDoc._deleted && newDoc.member !== parts[2]) deny('A label names the member who gave it.');
		return;
	}
	if (kind === 'sample') {
		if (parts.length !== 2 || !/^[0-9a-f]{64}$/.test(parts[1])) deny('A sample is named by the SHA-256 of its bytes.');
		if (oldDoc && !teacher) deny('Only the teacher changes or removes a sample.');
		return;
	}
	if (kind === 'audit') {
		if (parts.length !== 3 || parts[1] !== name) deny('You can only write your own audit trail.');
		if (oldDoc && !oldDoc._deleted) deny('An audit record is never changed.');
		return;
	}
	if (kind === 'member') {
		// The server writes a member's document when they join: their role, name and id are fixed then.
		if (!teacher) deny('Only the class server and the teacher write members: your role and name are fixed when you join.');
		return;
	}
	if (kind === 'consensus') {
		if (!teacher) deny('Only the teacher decides a label for the class.');
		return;
	}
	if (kind === 'model') {
		if (!teacher) deny('Only the teacher publishes the class model.');
		return;
	}
	if (kind === 'class') {
		if (!teacher) deny('Only the teacher changes the class.');
		return;
	}
	deny('This class keeps no document named ' + id + '.');
}

/** What a device pulls first (labels, decisions, members, the class) and what it pulls after (pictures). */
/** @param {{ _id: string }} doc */
function metaFilter(doc) {
	return doc._id.indexOf('sample:') !== 0 && doc._id.indexOf('_design/') !== 0;
}
/** @param {{ _id: string }} doc */
function samplesFilter(doc) {
	return doc._id.indexOf('sample:') === 0;
}
/* eslint-enable */

export const DESIGN_ID = '_design/attune';

/** The design document a class database is created with. */
export function designDoc() {
	return {
		_id: DESIGN_ID,
		language: 'javascript',
		validate_doc_update: validateDocUpdate.toString(),
		filters: { meta: metaFilter.toString(), samples: samplesFilter.toString() }
	};
}

/**
 * The database's security object: the teacher administers it, members of the class read and write it
 * (within the rules above), and nobody else can even read it.
 * @param {string} teacherId
 * @param {string} classRole
 */
export function securityObject(teacherId, classRole) {
	return { admins: { names: [teacherId], roles: [] }, members: { names: [], roles: [classRole] } };
}
