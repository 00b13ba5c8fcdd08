#!/usr/bin/env node
/**
 * `npm run class-server [-- --port 5984 --data DIR --host 0.0.0.0 --app-origin https://attune.school.example]`: starts a class server and prints
 * where to find it and the teacher code. Students' phones on the same network use the network address.
 */
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startClassServer } from './server.js';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '5984' },
		host: { type: 'string', default: '0.0.0.0' },
		data: { type: 'string', default: '.class-server' },
		// A CouchDB 3 to keep the classes on, with its admin: http://admin:password@host:5984
		couch: { type: 'string' },
		// Web origins of the app allowed to sync from the start, comma-separated (those a class is started or joined from are added).
		'app-origin': { type: 'string' }
	}
});

const dataDir = resolve(values.data ?? '.class-server');
const appOrigins = (values['app-origin'] ?? '').split(',').map((o) => o.trim()).filter(Boolean);
const server = await startClassServer({ port: Number(values.port), host: values.host ?? '0.0.0.0', dataDir, couch: values.couch, appOrigins });
const lan = Object.values(networkInterfaces())
	.flat()
	.filter((a) => a && a.family === 'IPv4' && !a.internal)
	.map((a) => `http://${a?.address}:${server.port}`);
const code = server.teacherCode.replace(/(.{4})(?=.)/g, '$1-');
console.log(`Attune class server
  on this computer:  ${server.url}
${lan.map((u) => `  on the network:    ${u}`).join('\n')}
  teacher code:      ${code}
  data:              ${values.couch ? `on CouchDB at ${new URL(values.couch).origin}` : dataDir}
In Attune, open a project's Class panel, choose “Start a class”, and give this address and the teacher code.`);
const stop = async () => {
	await server.close();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
