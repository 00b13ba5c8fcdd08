/**
 * PouchDB for Node, with every adapter and plugin the class server, its tests and the class bench
 * use. PouchDB's plugins patch one shared class, so they are added here, once.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** @type {any} */
export const PouchDB = require('pouchdb-core')
	.plugin(require('pouchdb-adapter-leveldb'))
	.plugin(require('pouchdb-adapter-memory'))
	.plugin(require('pouchdb-adapter-http'))
	.plugin(require('pouchdb-replication'))
	.plugin(require('pouchdb-mapreduce'));
