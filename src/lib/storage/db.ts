import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import { GENESIS, hashRecord } from '$lib/core/audit/chain';
import { isAuditPick } from '$lib/core/quality/audit-picks';
import type { TeachingHistory } from '$lib/core/quality/teaching-history';
import type { BackboneArtifacts, BackboneSpec, LabelClass, ModelArtifactsData, ModelVersion, Project, Sample, StoredEvent } from '$lib/core/types';
import { loadProfileName } from './profile';
import { fromStored } from './stored-images';

export interface SettingRow {
	key: string;
	value: unknown;
}

export interface ModelWeightsRow extends ModelArtifactsData {
	/** The id of the ModelVersion these weights belong to. */
	id: string;
	/** With the live weights: the learner's record of the teaching (core/quality/teaching-history.ts). */
	teaching?: TeachingHistory;
}

export interface BackboneWeightsRow extends BackboneArtifacts {
	/** The id of the BackboneSpec these files belong to. */
	id: string;
}

/** A model row as version 1 stored it: metadata and weights together. */
export interface ModelRowV1 extends Omit<ModelVersion, 'backend'> {
	backend?: ModelVersion['backend'];
	artifacts?: ModelArtifactsData;
}

export const DB_NAME = 'attune';

/**
 * Every schema version, oldest first. A version is never edited once released: add a new one with a
 * named, pure upgrade function below, and a test in tests/unit/storage/db.test.ts.
 */
export const SCHEMA = {
	1: {
		projects: 'id, updatedAt',
		classes: 'id, projectId',
		samples: 'id, projectId, [projectId+classId], createdAt',
		events: '++seq, projectId, type, at',
		models: 'id, projectId, [projectId+version]',
		settings: 'key'
	},
	// Version 2: weights leave the `models` rows for their own table, so listing versions reads
	// kilobytes, not megabytes; projects gain `openedAt` for "last opened".
	2: {
		projects: 'id, updatedAt, openedAt',
		models: 'id, projectId, [projectId+version]',
		modelWeights: 'id'
	},
	// Version 3: imported feature extractors, shared by every project on the device; their files apart
	// from their descriptions, as with models. Only tables are added, so no upgrade function.
	3: {
		backbones: 'id, createdAt',
		backboneWeights: 'id'
	},
	// Version 4: the audit chain's head per project ('' for the device's own settings), kept apart from
	// the records so deleting the newest record is detected (storage/audit.ts); the records already
	// stored are chained on the way up.
	4: {
		auditHeads: 'projectId'
	},
	// Version 5: a project of 50,000 samples is never read whole by the page. Samples are listed in
	// order by their keys alone ([projectId+createdAt]), what changed since a moment is asked for
	// ([projectId+updatedAt]), and the labelled random audit picks are found by `auditAt`, set on the
	// way up where a sample is one. Imported extractors' features are kept.
	5: {
		samples: 'id, projectId, [projectId+classId], createdAt, [projectId+createdAt], [projectId+updatedAt], [projectId+auditAt]',
		// What an imported extractor made of each sample: computed once, read again on every opening.
		features: '[backboneId+sampleId], projectId'
	},
	// Version 6: samples carry tags (slices), found by tag, and re-checks waiting in Review, found by
	// when. Only indexes are added, so no upgrade function.
	6: {
		samples: 'id, projectId, [projectId+classId], createdAt, [projectId+createdAt], [projectId+updatedAt], [projectId+auditAt], *tags, [projectId+recheckAt]'
	},
	// Version 7: classes. A class project's samples are found by their content address; the other
	// members' votes (and the teacher's decisions) are kept per sample; how far this device has synced
	// is kept per project. Only tables and indexes are added, so no upgrade function.
	7: {
		samples: 'id, projectId, [projectId+classId], createdAt, [projectId+createdAt], [projectId+updatedAt], [projectId+auditAt], *tags, [projectId+recheckAt], [projectId+contentHash]',
		votes: '[projectId+hash+memberId], projectId, [projectId+hash]',
		classCursors: 'projectId'
	}
} as const;

/** One member's label for one class sample (memberId CONSENSUS: the teacher's decision), by the sample's content address. */
export interface VoteRow {
	projectId: string;
	hash: string;
	memberId: string;
	/** The member's display name. */
	member: string;
	/** null: the member took their label back. */
	label: string | null;
	at: number;
}

/** The memberId under which a sample's decided label is kept among its votes. */
export const CONSENSUS = '#consensus';

/** How far a class project has synced: the newest local record pushed, and the newest class change applied. */
export interface ClassCursorRow {
	projectId: string;
	eventSeq: number;
	changesSeq: number | string;
	/** The class model version the teacher published last / a student last saw. */
	modelVersion?: number;
}

export const CURRENT_VERSION = 7;

/** One sample's features through one imported extractor. */
export interface FeatureRow {
	backboneId: string;
	sampleId: string;
	projectId: string;
	values: Float32Array;
}

/** The newest record of one audit chain: how many records it holds and the last one's hash. */
export interface AuditHeadRow {
	projectId: string;
	n: number;
	hash: string;
}

/** v1 -> v2: a project opened never before counts as opened when last changed. */
export function upgradeProjectToV2(project: Omit<Project, 'openedAt'> & { openedAt?: number }): Project {
	return { ...project, openedAt: project.openedAt ?? project.updatedAt };
}

/** v1 -> v2: split a model row into its metadata and its weights (null when it had none). */
export function splitModelWeights(row: ModelRowV1): { meta: ModelVersion; weights: ModelWeightsRow | null } {
	const { artifacts, ...rest } = row;
	const meta: ModelVersion = { ...rest, backend: rest.backend ?? 'cpu' };
	return { meta, weights: artifacts ? { id: row.id, ...artifacts } : null };
}

async function upgradeToV2(tx: Transaction): Promise<void> {
	await tx.table('projects').toCollection().modify((p: Project) => {
		Object.assign(p, upgradeProjectToV2(p));
	});
	const rows = (await tx.table('models').toArray()) as ModelRowV1[];
	for (const row of rows) {
		const { meta, weights } = splitModelWeights(row);
		await tx.table('models').put(meta);
		if (weights) await tx.table('modelWeights').put(weights);
	}
}

/**
 * v3 -> v4: chains the records already stored, each project's (and the device's own) in the order
 * they were written. Who acted then is unknown, so they get no profile. Returns every record and
 * each chain's head.
 */
export async function chainStoredEvents(events: readonly StoredEvent[]): Promise<{ events: StoredEvent[]; heads: AuditHeadRow[] }> {
	const heads = new Map<string, AuditHeadRow>();
	const chained: StoredEvent[] = [];
	for (const event of [...events].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
		const projectId = event.projectId ?? '';
		const head = heads.get(projectId);
		const record: StoredEvent = { ...event, n: (head?.n ?? 0) + 1, prev: head?.hash ?? GENESIS };
		const hash = hashRecord(record, record.prev!);
		chained.push({ ...record, hash });
		heads.set(projectId, { projectId, n: record.n!, hash });
	}
	return { events: chained, heads: [...heads.values()] };
}

async function upgradeToV4(tx: Transaction): Promise<void> {
	const events = (await tx.table('events').toArray()) as StoredEvent[];
	// Hashing is no IndexedDB request: Dexie.waitFor keeps the upgrade's transaction open meanwhile.
	const chained = await Dexie.waitFor(chainStoredEvents(events));
	await tx.table('events').bulkPut(chained.events);
	await tx.table('auditHeads').bulkPut(chained.heads);
}

/** v4 -> v5: a sample labelled as a random audit pick carries when, so the audit picks can be found without reading every sample. */
export function upgradeSampleToV5(sample: Sample): Sample {
	return isAuditPick(sample) ? { ...sample, auditAt: sample.updatedAt } : sample;
}

async function upgradeToV5(tx: Transaction): Promise<void> {
	await tx.table('samples').toCollection().modify((sample: Sample) => {
		if (isAuditPick(sample)) sample.auditAt = sample.updatedAt;
	});
}

export class AttuneDb extends Dexie {
	projects!: EntityTable<Project, 'id'>;
	classes!: EntityTable<LabelClass, 'id'>;
	samples!: EntityTable<Sample, 'id'>;
	events!: EntityTable<StoredEvent, 'seq'>;
	models!: EntityTable<ModelVersion, 'id'>;
	modelWeights!: EntityTable<ModelWeightsRow, 'id'>;
	backbones!: EntityTable<BackboneSpec, 'id'>;
	backboneWeights!: EntityTable<BackboneWeightsRow, 'id'>;
	auditHeads!: EntityTable<AuditHeadRow, 'projectId'>;
	features!: Table<FeatureRow, [string, string]>;
	votes!: Table<VoteRow, [string, string, string]>;
	classCursors!: EntityTable<ClassCursorRow, 'projectId'>;
	settings!: EntityTable<SettingRow, 'key'>;

	constructor(name = DB_NAME, upTo = CURRENT_VERSION) {
		super(name);
		this.version(1).stores(SCHEMA[1]);
		if (upTo >= 2) this.version(2).stores(SCHEMA[2]).upgrade(upgradeToV2);
		if (upTo >= 3) this.version(3).stores(SCHEMA[3]);
		if (upTo >= 4) this.version(4).stores(SCHEMA[4]).upgrade(upgradeToV4);
		if (upTo >= 5) this.version(5).stores(SCHEMA[5]).upgrade(upgradeToV5);
		if (upTo >= 6) this.version(6).stores(SCHEMA[6]);
		if (upTo >= 7) this.version(7).stores(SCHEMA[7]);
		// Small pictures are kept inside their records (stored-images.ts): every read makes them Blobs again.
		this.samples.hook('reading', fromStored);
		// Before any transaction runs, so logging never has to read settings inside one (profile.ts).
		this.on('ready', (vip) => loadProfileName(this, vip as Dexie), true);
	}
}

let instance: AttuneDb | undefined;
let instanceName = DB_NAME;

/** The app's one database connection, opened on first use. */
export function db(): AttuneDb {
	instance ??= new AttuneDb(instanceName);
	return instance;
}

/** For tests: forget the connection so the next db() opens afresh (another name: another device's). */
export function resetDbForTests(name = DB_NAME): void {
	instance?.close();
	instance = undefined;
	instanceName = name;
}
