import { INPUT_SIDE } from '../model/input-size';
import type { LabelClass, Project, StoredEvent } from '../types';
import { InputError } from './input-error';
import type { AuditHead, PortableModel, PortableSample, ProjectContents } from './project-contents';
import { CLIP_SECONDS_CHOICES } from '../sound/clips';
import { JOINT_COUNT, POINT_FIELDS } from '../pose/joints';
import { POSE_WIDTH } from '../pose/normalise';

/**
 * Checks a project file's rows before any is written: the shapes the app relies on, that every row
 * belongs to the project, and that references between rows hold. Text fields (names, labels) are kept
 * byte for byte; the UI renders them as text, so markup in them is harmless.
 */

type Row = Record<string, unknown>;

export interface UncheckedContents {
	project: unknown;
	classes: unknown;
	samples: PortableSample[];
	events: unknown[];
	auditHead?: unknown;
	models: PortableModel[];
}

const KINDS = ['image', 'tabular', 'text', 'sound', 'pose'];
const SOURCES = ['upload', 'webcam', 'drawing', 'import', 'demo', 'edit', 'form', 'paste', 'microphone'];
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

const refuse = (message: string) => new InputError(`${message} Nothing was imported.`);
const damaged = (what: string) => refuse(`This project file is damaged: ${what}.`);
const inconsistent = (what: string) => refuse(`This project file is inconsistent: ${what}.`);

const isRow = (v: unknown): v is Row => !!v && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
/**
 * The kinds of file a sample may hold. Anything else (text/html, SVG) could run script if a blob URL
 * of it were ever opened as a page, so it is refused, not stored.
 */
const SAFE_TYPES = /^(image\/(png|jpeg|gif|webp|bmp)|text\/(plain|csv)|audio\/wav)$/;
const isFile = (v: unknown) => isRow(v) && v.bytes instanceof Uint8Array && isText(v.type) && SAFE_TYPES.test(v.type);
const isMask = (v: unknown) => isRow(v) && v.painted instanceof Uint8Array && v.painted.length === INPUT_SIDE * INPUT_SIDE;

function rows(value: unknown, entry: string, check: (row: Row) => boolean): Row[] {
	if (!Array.isArray(value)) throw damaged(`${entry} is not a list`);
	value.forEach((row, i) => {
		if (!isRow(row) || !check(row)) throw damaged(`${entry} item ${i + 1} is not what Attune wrote there`);
	});
	return value as Row[];
}

/** Ids must be unique: two rows with one id would silently overwrite each other. */
function uniqueIds(list: Row[], what: string, key = 'id'): Set<unknown> {
	const ids = new Set(list.map((row) => row[key]));
	if (ids.size !== list.length) throw inconsistent(`two ${what} share one id`);
	return ids;
}

function ownedBy(projectId: string, list: Row[], where: string): void {
	if (list.some((row) => row.projectId !== projectId)) throw inconsistent(`${where} holds rows of another project`);
}

function checkProject(value: unknown): Project {
	const p = value;
	const ok = isRow(p) && isId(p.id) && isText(p.name) && KINDS.includes(p.kind as string) &&
		isTime(p.createdAt) && isTime(p.updatedAt) && isTime(p.openedAt) &&
		optional(p.backboneId, isId) && optional(p.ignoreRegion, isMask) &&
		optional(p.activeLearning, isRow) && optional(p.control, isRow) &&
		optional(p.tabular, (t) => isRow(t) && Array.isArray(t.columns) && Number.isSafeInteger(t.width)) &&
		optional(p.clipSeconds, (c) => (CLIP_SECONDS_CHOICES as readonly unknown[]).includes(c)) &&
		optional(p.pose, (s) => isRow(s) && typeof s.mirror === 'boolean' && typeof s.keepPhotos === 'boolean' && ['lite', 'full', 'heavy'].includes(s.landmarkModel as string)) &&
		(p.kind !== 'pose') === (p.pose === undefined);
	if (!ok) throw damaged('project.json does not describe a project');
	return p as unknown as Project;
}

const isClass = (c: Row) => isId(c.id) && isText(c.name) && isText(c.color) && isTime(c.order);
const isSample = (s: Row) =>
	isId(s.id) && isText(s.name) && SOURCES.includes(s.source as string) && isTime(s.createdAt) && isTime(s.updatedAt) &&
	optional(s.classId, isId) && optional(s.editedFrom, isId) && optional(s.labelledFrom, isRow) &&
	optional(s.input, (v) => v instanceof Uint8Array && v.length === INPUT_SIDE * INPUT_SIDE) &&
	optional(s.cells, (v) => Array.isArray(v) && v.every(isText)) && optional(s.text, isText) &&
	optional(s.features, (v) => v instanceof Float32Array && v.every(Number.isFinite)) &&
	optional(s.attention, (v) => isMask(v) && ['ignore', 'focus'].includes((v as Row).mode as string)) &&
	optional(s.pose, isPose);
/** A body's keypoints: JOINT_COUNT × POINT_FIELDS finite numbers, and a frame shape. */
const isPose = (v: unknown) =>
	isRow(v) && v.points instanceof Float32Array && v.points.length === JOINT_COUNT * POINT_FIELDS && v.points.every(Number.isFinite) &&
	typeof v.aspect === 'number' && Number.isFinite(v.aspect) && v.aspect > 0;
const isEvent = (e: Row) =>
	isId(e.type) && isTime(e.at) && Number.isSafeInteger(e.seq) && (e.seq as number) > 0 &&
	optional(e.n, Number.isSafeInteger) && optional(e.prev, isText) && optional(e.hash, isText) && optional(e.profile, isText);
const isModelMeta = (m: Row) =>
	isId(m.id) && isTime(m.version) && isTime(m.createdAt) && isText(m.backend) &&
	optional(m.classIds, (v) => Array.isArray(v) && v.every(isId)) && optional(m.backboneId, isId);

function checkWeights({ meta, artifacts }: PortableModel): void {
	if (!artifacts) return;
	const specs = artifacts.weightSpecs as unknown;
	const fine = isRow(artifacts.modelTopology) && Array.isArray(specs) &&
		specs.every((s) => isRow(s) && isText(s.name) && DTYPE_BYTES[s.dtype as string] && Array.isArray(s.shape) && s.shape.every(Number.isSafeInteger));
	if (!fine) throw damaged(`model version ${meta.version}’s description is not a TensorFlow.js model`);
	const expected = (specs as { shape: number[]; dtype: string }[]).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[s.dtype]!, 0);
	if (expected !== artifacts.weightData.byteLength) throw damaged(`model version ${meta.version}’s weights hold ${artifacts.weightData.byteLength} bytes, not the ${expected} its description needs`);
}

/**
 * A pose project's samples are bodies (keypoints and their row), and one that keeps no photos holds
 * none: a file that says otherwise was not written by Attune, and importing it would store photos the
 * project promises not to keep.
 */
function checkPoses(project: Project, samples: Row[]): void {
	if (project.kind !== 'pose') return;
	const notBody = samples.find((s) => !s.pose || !(s.features instanceof Float32Array) || s.features.length !== POSE_WIDTH);
	if (notBody) throw damaged(`the sample “${String(notBody.name)}” of a pose project holds no body`);
	const photo = !project.pose!.keepPhotos && samples.find((s) => s.thumbnail !== undefined);
	if (photo) throw inconsistent(`the sample “${String(photo.name)}” holds a photo, and the project keeps none`);
}

function checkHead(value: unknown, projectId: string): AuditHead | undefined {
	if (value === undefined) return undefined;
	if (!isRow(value) || !Number.isSafeInteger(value.n) || !isText(value.hash)) throw damaged('audit-head.json is not an audit chain head');
	if (value.projectId !== projectId) throw inconsistent('audit-head.json belongs to another project');
	return value as unknown as AuditHead;
}

export function validateProjectContents(raw: UncheckedContents): ProjectContents {
	const project = checkProject(raw.project);
	const classes = rows(raw.classes, 'classes.json', isClass);
	const samples = rows(raw.samples, 'samples.jsonl', isSample);
	const unsafe = raw.samples.find((s) => !isFile(s.blob) || !optional(s.thumbnail, isFile));
	if (unsafe) {
		const type = isFile(unsafe.blob) ? unsafe.thumbnail?.type : unsafe.blob?.type;
		throw damaged(`the sample “${unsafe.name}” holds a file that is not an image (${type || 'no type'})`);
	}
	checkPoses(project, samples);
	const events = rows(raw.events, 'events.jsonl', isEvent);
	const metas = rows(raw.models.map((m) => m.meta), 'models.json', isModelMeta);
	ownedBy(project.id, classes, 'classes.json');
	ownedBy(project.id, samples, 'samples.jsonl');
	ownedBy(project.id, events, 'events.jsonl');
	ownedBy(project.id, metas, 'models.json');
	const classIds = uniqueIds(classes, 'classes');
	uniqueIds(samples, 'samples');
	uniqueIds(events, 'records', 'seq');
	uniqueIds(metas, 'model versions');
	const stray = samples.find((s) => s.classId !== undefined && !classIds.has(s.classId));
	if (stray) throw inconsistent(`the sample “${String(stray.name)}” is labelled with a class that is not in the file`);
	raw.models.forEach(checkWeights);
	return {
		project,
		classes: classes as unknown as LabelClass[],
		samples: raw.samples,
		events: events as unknown as StoredEvent[],
		auditHead: checkHead(raw.auditHead, project.id),
		models: raw.models
	};
}
