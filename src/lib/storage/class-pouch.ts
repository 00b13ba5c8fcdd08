/**
 * The few parts of PouchDB the class bridge uses, typed here, and how it is loaded: the browser build
 * on the page (a chunk fetched only once a class project opens), or any PouchDB class given by a test
 * or a benchmark in Node.
 */

export interface PouchDoc {
	_id: string;
	_rev?: string;
	_deleted?: boolean;
	_conflicts?: string[];
	_attachments?: Record<string, { content_type: string; data?: Blob | Uint8Array | string; digest?: string; stub?: boolean }>;
	[key: string]: unknown;
}

export interface PouchChange {
	id: string;
	seq: number | string;
	deleted?: boolean;
	doc?: PouchDoc;
}

export interface ReplicationInfo {
	direction?: 'push' | 'pull';
	change?: { docs?: PouchDoc[]; last_seq?: number | string; pending?: number };
	docs?: PouchDoc[];
	last_seq?: number | string;
}

export interface Replication {
	on(event: 'change', listener: (info: ReplicationInfo) => void): Replication;
	on(event: 'paused' | 'error' | 'denied', listener: (error?: { id?: string; message?: string; reason?: string; status?: number; name?: string }) => void): Replication;
	on(event: 'active' | 'complete', listener: () => void): Replication;
	cancel(): void;
}

export interface PouchLike {
	get(id: string, options?: { attachments?: boolean; binary?: boolean; conflicts?: boolean; rev?: string }): Promise<PouchDoc>;
	put(doc: PouchDoc): Promise<{ ok: boolean; id: string; rev: string }>;
	remove(id: string, rev: string): Promise<unknown>;
	allDocs(options: { startkey?: string; endkey?: string; include_docs?: boolean; conflicts?: boolean; keys?: string[] }): Promise<{ rows: { id: string; doc?: PouchDoc; value?: { rev: string; deleted?: boolean } }[] }>;
	changes(options: { since: number | string; include_docs?: boolean; conflicts?: boolean; limit?: number }): Promise<{ results: PouchChange[]; last_seq: number | string }>;
	info(): Promise<{ update_seq: number | string; doc_count: number }>;
	replicate: {
		to(target: PouchLike, options?: object): Replication;
		from(source: PouchLike, options?: object): Replication;
	};
	close(): Promise<void>;
	destroy(): Promise<void>;
}

export interface PouchFactory {
	/** This device's copy of a class, in IndexedDB on the page. */
	local(name: string): PouchLike;
	/** The class on its server, as this member. */
	remote(url: string, username: string, password: string): PouchLike;
	/** An attachment's bytes as this PouchDB takes them (a Blob in the browser, a Buffer in Node). */
	binary(blob: Blob): Promise<unknown>;
	/** An attachment read back, as a Blob. */
	blob(data: unknown, type: string): Blob;
}

type PouchConstructor = new (name: string, options?: object) => PouchLike;

/** A factory over a PouchDB class (the browser build, or Node's in tests and benchmarks). */
export function pouchFactory(PouchDB: PouchConstructor, localOptions: object = {}, inNode = false): PouchFactory {
	return {
		local: (name) => new PouchDB(name, localOptions),
		remote: (url, username, password) => new PouchDB(url, { auth: { username, password }, skip_setup: true }),
		binary: async (blob) => (inNode ? new Uint8Array(await blob.arrayBuffer()) : blob),
		blob: (data, type) => (data instanceof Blob ? data : new Blob([data as Uint8Array<ArrayBuffer>], { type }))
	};
}

let browserFactory: Promise<PouchFactory> | undefined;

/** PouchDB's browser build, loaded on first use. */
export function browserPouch(): Promise<PouchFactory> {
	browserFactory ??= import('pouchdb-browser').then((module) => pouchFactory((module.default ?? module) as unknown as PouchConstructor));
	return browserFactory;
}
