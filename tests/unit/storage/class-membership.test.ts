import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classServer, joinClass } from '$lib/storage/class-membership';
import { db } from '$lib/storage/db';
import { useFreshDb } from '../helpers/fresh-db';

describe('joining a class: every failure names what is wrong and stores nothing', () => {
	useFreshDb();
	let notCouch: Server;
	let notCouchUrl: string;
	beforeAll(async () => {
		notCouch = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>My blog</h1>'));
		await new Promise<void>((r) => notCouch.listen(0, '127.0.0.1', r));
		notCouchUrl = `http://127.0.0.1:${(notCouch.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((r) => notCouch.close(() => r())));

	it('a server that is down', async () => {
		await expect(joinClass('http://127.0.0.1:9', 'ABCDEF', 'Ann')).rejects.toThrow('Could not reach a class server at http://127.0.0.1:9');
		expect(await db().projects.count()).toBe(0);
	});

	it('a server that is not a class server', async () => {
		await expect(joinClass(notCouchUrl, 'ABCDEF', 'Ann')).rejects.toThrow('answers, but not as an Attune class server');
		expect(await db().projects.count()).toBe(0);
	});

	it('an address that is not one', () => {
		expect(() => classServer('')).toThrow('is not a class server address');
		expect(() => classServer('javascript:alert(1)')).toThrow('is not a class server address');
		expect(classServer('192.168.1.20:5984')).toBe('http://192.168.1.20:5984');
	});
});

describe('a class project in a file', () => {
	useFreshDb();
	it('leaves out the class membership and its password', async () => {
		const { createProject } = await import('$lib/storage/projects');
		const { exportProject } = await import('$lib/storage/project-file');
		const { unzipSync, strFromU8 } = await import('fflate');
		const project = await createProject('Birds', 'image');
		await db().projects.update(project.id, {
			class: { server: 'http://10.0.0.2:5984', db: 'class-x', classId: 'x', name: 'Birds', role: 'student', memberId: 'm-1', password: 'secret-pw-123', displayName: 'Ann', joinedAt: 1 }
		});
		const file = await exportProject(project.id);
		const text = Object.values(unzipSync(new Uint8Array(await file.arrayBuffer()))).map((bytes) => strFromU8(bytes)).join('\n');
		expect(text).toContain('Birds');
		expect(text).not.toContain('secret-pw-123');
	});
});
