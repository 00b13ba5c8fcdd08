// class: 30 simulated members (separate PouchDB databases, each a device) label overlapping samples
// against a local class server; a third of them start offline and join later, and some drop out and
// come back mid-way. The teacher's device runs the app's own bridge (storage/class-bridge.ts, Dexie
// under fake-indexeddb). Prints the time until the teacher has every label, the labels lost, the
// duplicate samples after merging, and the class's agreement against a reference computation.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PouchDB } from '../src/class-server/pouchdb.js';
import { startClassServer } from '../src/class-server/server.js';
import { positiveInt } from './options.mjs';
import { importTs } from './ts-runner.mjs';

export async function classBench({ options }) {
	const dataDir = mkdtempSync(join(tmpdir(), 'attune-bench-class-'));
	const server = await startClassServer({ port: 0, dataDir, quiet: true });
	const { module, close } = await importTs('/bench/class.ts');
	try {
		return await module.classBench({
			server: server.url,
			teacherCode: server.teacherCode,
			PouchDB,
			members: positiveInt(options.members, 'members', 30),
			labels: positiveInt(options.labels, 'labels', 50),
			seed: positiveInt(options.seeds, 'seeds', 1),
			log: (message) => console.error(message)
		});
	} finally {
		await close();
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
}
