import { serverOrigin } from '$lib/core/class/csp';
import { CLASS_SERVERS_CACHE, CLASS_SERVERS_KEY } from '$lib/core/class/servers';
import { InputError } from '$lib/core/data/input-error';
import type { ClassLink, Project } from '$lib/core/types';
import { localClassDbName } from './class-bridge';
import { browserPouch } from './class-pouch';
import { db } from './db';
import { appendEvent, logTables } from './events';
import { createProject } from './projects';

/**
 * Starting, joining and leaving a class: the class server's own calls (/_attune), the membership
 * kept on the project, and the list of joined servers the service worker writes into the page's
 * Content-Security-Policy. Every failure names what is wrong; none changes what is stored.
 */

/** The joined servers, for the service worker; `extra` is one being joined right now. */
export async function publishServers(extra: string[] = []): Promise<string[]> {
	const projects = await db().projects.toArray();
	const joined = projects.filter((p) => p.class && !p.class.leftAt && !p.deletedAt).map((p) => p.class!.server);
	const servers = [...new Set([...joined, ...extra])];
	if (typeof caches !== 'undefined') {
		const cache = await caches.open(CLASS_SERVERS_CACHE);
		await cache.put(CLASS_SERVERS_KEY, new Response(JSON.stringify(servers), { headers: { 'content-type': 'application/json' } }));
	}
	return servers;
}

/** A class server's address as the user typed it, as an origin; an InputError naming what is wrong otherwise. */
export function classServer(address: string): string {
	const withScheme = /^[a-z]+:\/\//i.test(address.trim()) ? address.trim() : `http://${address.trim()}`;
	const origin = serverOrigin(withScheme);
	if (!origin || !address.trim()) throw new InputError(`“${address}” is not a class server address: give one like http://192.168.1.20:5984.`);
	return origin;
}

/** What the server answers to a create or a join: the membership, and the teacher's code. */
type Joined = Pick<ClassLink, 'db' | 'classId' | 'name' | 'role' | 'memberId' | 'password' | 'displayName' | 'code'> & { expiresAt?: number };

async function call(server: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Joined> {
	let response: Response;
	try {
		response = await fetch(`${server}/_attune${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	} catch {
		throw new InputError(`Could not reach a class server at ${server}. Is it running, and is this device on its network?`);
	}
	const data = await response.json().catch(() => null);
	if (!data || (!response.ok && !data.reason)) throw new InputError(`${server} answers, but not as an Attune class server (or CouchDB with its /_attune calls).`);
	if (!response.ok) throw new InputError(data.reason);
	return data as Joined;
}

function linkOf(server: string, joined: Joined): ClassLink {
	return {
		server,
		db: joined.db,
		classId: joined.classId,
		name: joined.name,
		role: joined.role,
		memberId: joined.memberId,
		password: joined.password,
		displayName: joined.displayName,
		joinedAt: Date.now(),
		...(joined.code ? { code: joined.code, codeExpiresAt: joined.expiresAt } : {})
	};
}

async function saveLink(projectId: string, link: ClassLink): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.projects, ...logTables(database)], async () => {
		await database.projects.update(projectId, { class: link, updatedAt: Date.now() });
		await appendEvent(projectId, { type: 'class.join', server: link.server, name: link.name, role: link.role, memberId: link.memberId });
	});
	await publishServers();
}

/** The teacher makes this project a class's model, with its labels; returns the link (code and all). */
export async function startClass(project: Project, server: string, teacherCode: string, teacherName: string): Promise<ClassLink> {
	if (project.kind !== 'image') throw new InputError('A class teaches a picture project: start one from a picture project.');
	if (project.class && !project.class.leftAt) throw new InputError(`This project is already the class “${project.class.name}”.`);
	const classes = (await db().classes.where('projectId').equals(project.id).sortBy('order')).map((c) => c.name);
	const joined = await call(server, '/classes', { teacherCode, name: project.name, teacherName, classes });
	const link = linkOf(server, joined);
	await saveLink(project.id, link);
	return link;
}

/** A student joins with the class's code and a display name: a new project on this device. */
export async function joinClass(server: string, code: string, displayName: string): Promise<Project> {
	const joined = await call(server, '/join', { code, name: displayName });
	const project = await createProject(joined.name, 'image');
	await saveLink(project.id, linkOf(server, joined));
	return project;
}

/** The same member on another of their devices: what "Use on another device" shows, read back. */
export async function joinAsMember(key: string): Promise<Project> {
	let link: ClassLink;
	try {
		link = JSON.parse(atob(key.trim())) as ClassLink;
	} catch {
		throw new InputError('That is not a member key: copy it whole from “Use on another device” on your other device.');
	}
	if (!link?.memberId || !link.password || !link.db || !serverOrigin(link.server ?? '')) throw new InputError('That member key is incomplete: copy it whole.');
	const project = await createProject(link.name, 'image');
	await saveLink(project.id, { ...link, joinedAt: Date.now(), offlineSince: undefined, leftAt: undefined });
	return project;
}

/** What another device of the same member needs to join as them. */
export function memberKey(link: ClassLink): string {
	const { server, db: database, classId, name, role, memberId, password, displayName } = link;
	return btoa(JSON.stringify({ server, db: database, classId, name, role, memberId, password, displayName }));
}

/** A new code for students to join with (the teacher's). */
export async function renewCode(projectId: string): Promise<ClassLink> {
	const { link, made } = await asTeacher(projectId, 'make a new code', '/code');
	const next = { ...link, code: made.code, codeExpiresAt: made.expiresAt };
	await db().projects.update(projectId, { class: next });
	return next;
}

/**
 * Removes a student from the class (the teacher's): the server deletes their login at once, so their
 * device can send and fetch nothing more; what they gave stays the class's.
 */
export async function removeMember(projectId: string, memberId: string): Promise<void> {
	await asTeacher(projectId, 'remove a member', '/members/remove', { memberId });
}

/**
 * Closes the class (the teacher's): the server takes no more joins and deletes every login of it; this
 * device then leaves it, keeping the project with everything the class gave it.
 */
export async function closeClass(projectId: string): Promise<void> {
	await asTeacher(projectId, 'close the class', '/classes/close');
	await leaveClass(projectId);
}

/** One of the teacher's own calls on their class (`what` says it in the refusal), with their login. */
async function asTeacher(projectId: string, what: string, path: string, body: Record<string, unknown> = {}): Promise<{ link: ClassLink; made: Joined }> {
	const link = (await db().projects.get(projectId))?.class;
	if (!link || link.role !== 'teacher') throw new InputError(`Only the class’s teacher can ${what}.`);
	const made = await call(link.server, path, { db: link.db, ...body }, { authorization: 'Basic ' + btoa(`${link.memberId}:${link.password}`) });
	return { link, made };
}

/** Leaves the class: nothing syncs any more and the server drops out of the page's policy; the project stays. */
export async function leaveClass(projectId: string): Promise<void> {
	const database = db();
	const project = await database.projects.get(projectId);
	if (!project?.class || project.class.leftAt) return;
	await database.transaction('rw', [database.projects, ...logTables(database)], async () => {
		await database.projects.update(projectId, { class: { ...project.class!, leftAt: Date.now() } });
		await appendEvent(projectId, { type: 'class.leave', name: project.class!.name });
	});
	await publishServers();
	const factory = await browserPouch();
	await factory.local(localClassDbName(projectId)).destroy().catch(() => undefined);
}

/** What the class model learns from where the teacher has not decided. */
export async function setLearnFrom(projectId: string, to: 'consensus' | 'majority'): Promise<void> {
	const database = db();
	const project = await database.projects.get(projectId);
	if (!project?.class || project.class.role !== 'teacher') return;
	await database.transaction('rw', [database.projects, ...logTables(database)], async () => {
		await database.projects.update(projectId, { class: { ...project.class!, learnFrom: to } });
		await appendEvent(projectId, { type: 'class.learnFrom', to });
	});
}
