import { strToU8, zipSync, type Zippable } from 'fflate';
import { toJsonLines } from '../audit/chain';
import type { ModelVersion } from '../types';
import { parseCanonical } from './canonical-parse';
import { InputError } from './input-error';
import { parsePortable, stringifyPortable } from './portable-json';
import { extensionFor, FIRST_FILE_SCHEMA, PROJECT_FORMAT, type FileBytes, type PortableModel, type PortableSample, type ProjectContents, type ProjectManifest } from './project-contents';
import { validateProjectContents } from './project-validation';
import { openZipSafely } from './safe-zip';

/**
 * The project file: one zip holding every row of a project (JSON, binary fields as base64) and every
 * file (sample images, model weights) as its own entry, so it opens in any zip tool.
 */

/** fflate writes no ZIP64, so its entry count is a 16-bit field. */
export const MAX_WRITABLE_ENTRIES = 65_535;

const refuse = (message: string) => new InputError(`${message} Nothing was imported.`);
const incomplete = (what: string) => refuse(`This project file is incomplete: ${what}.`);
const damaged = (what: string) => refuse(`This project file is damaged: ${what}.`);

/** Ids become one path segment each, whatever they hold (model ids carry a ':'). */
const segment = (id: string) => encodeURIComponent(id);
const sampleFilePath = (id: string, kind: 'original' | 'thumbnail', type: string) => `samples/${segment(id)}/${kind}.${extensionFor(type)}`;
const modelPath = (id: string, ext: 'json' | 'bin') => `models/${segment(id)}.${ext}`;

interface FileRef {
	path: string;
	type: string;
}

export function buildProjectZip(contents: ProjectContents, about: Omit<ProjectManifest, 'format'>): Uint8Array {
	const files: Zippable = {};
	const json = (path: string, value: unknown) => (files[path] = strToU8(stringifyPortable(value)));
	const lines = (path: string, rows: unknown[]) => (files[path] = strToU8(rows.map((row) => `${stringifyPortable(row)}\n`).join('')));
	// Images and weights are already dense: storing them as they are is as small and much faster.
	const binary = (path: string, bytes: Uint8Array) => ((files[path] = [bytes, { level: 0 }]), path);
	const ref = (file: FileBytes, path: string): FileRef => ({ path: binary(path, file.bytes), type: file.type });

	json('attune.json', { format: PROJECT_FORMAT, ...about } satisfies ProjectManifest);
	json('project.json', contents.project);
	json('classes.json', contents.classes);
	lines('samples.jsonl', contents.samples.map(({ blob, thumbnail, ...row }) => ({
		...row,
		blob: ref(blob, sampleFilePath(row.id, 'original', blob.type)),
		...(thumbnail ? { thumbnail: ref(thumbnail, sampleFilePath(row.id, 'thumbnail', thumbnail.type)) } : {})
	})));
	// The audit trail's own canonical text: each record's hash can be recomputed from the file as it is.
	files['events.jsonl'] = strToU8(toJsonLines(contents.events));
	if (contents.auditHead) json('audit-head.json', contents.auditHead);
	json('models.json', contents.models.map((m) => m.meta));
	for (const { meta, artifacts } of contents.models) {
		if (!artifacts) continue;
		json(modelPath(meta.id, 'json'), { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs });
		binary(modelPath(meta.id, 'bin'), new Uint8Array(artifacts.weightData));
	}
	const count = Object.keys(files).length;
	if (count > MAX_WRITABLE_ENTRIES) throw new InputError(`This project holds too many files (${count}) to export as one zip; the most is ${MAX_WRITABLE_ENTRIES}.`);
	return zipSync(files, { level: 6 });
}

function text(bytes: Uint8Array, name: string): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw damaged(`${name} is not UTF-8 text`);
	}
}

function parseEntry(zip: ReturnType<typeof openZipSafely>, name: string): unknown {
	if (!zip.has(name)) throw incomplete(`it has no ${name}`);
	try {
		return parsePortable(text(zip.read(name), name));
	} catch (error) {
		if (error instanceof InputError) throw error;
		throw damaged(`${name} is not valid JSON`);
	}
}

function parseLines(zip: ReturnType<typeof openZipSafely>, name: string, parse = parsePortable): unknown[] {
	if (!zip.has(name)) throw incomplete(`it has no ${name}`);
	const rows = text(zip.read(name), name).split('\n');
	return rows.flatMap((line, i) => {
		if (line.trim() === '') return [];
		try {
			return [parse(line)];
		} catch {
			throw damaged(`${name} line ${i + 1} is not valid JSON`);
		}
	});
}

function checkManifest(manifest: unknown, currentSchema: number): void {
	const m = manifest as Partial<ProjectManifest> | null;
	if (!m || typeof m !== 'object' || m.format !== PROJECT_FORMAT || !Number.isInteger(m.schemaVersion)) {
		throw refuse('This zip is not an Attune project: its attune.json does not describe one.');
	}
	const version = m.schemaVersion!;
	if (version > currentSchema) throw refuse(`This project was made by a newer Attune (schema ${version}); update the app to open it.`);
	if (version < FIRST_FILE_SCHEMA) throw refuse(`This zip is not an Attune project: no Attune writes schema ${version}.`);
}

function isRef(value: unknown): value is FileRef {
	const ref = value as FileRef | null;
	return !!ref && typeof ref === 'object' && typeof ref.path === 'string' && typeof ref.type === 'string';
}

function readFile(zip: ReturnType<typeof openZipSafely>, ref: unknown, sample: { name?: unknown }): FileBytes {
	const who = `the sample “${String(sample.name)}”`;
	if (!isRef(ref)) throw damaged(`${who} does not say where its file is`);
	if (!zip.has(ref.path)) throw incomplete(`${who} has no file ${ref.path}`);
	return { bytes: zip.read(ref.path), type: ref.type };
}

function readModel(zip: ReturnType<typeof openZipSafely>, meta: ModelVersion): PortableModel {
	const [json, bin] = [modelPath(String(meta?.id), 'json'), modelPath(String(meta?.id), 'bin')];
	if (!zip.has(json) && !zip.has(bin)) return { meta };
	if (!zip.has(json) || !zip.has(bin)) throw incomplete(`model version ${meta.version} is missing ${zip.has(json) ? bin : json}`);
	const { modelTopology, weightSpecs } = (parseEntry(zip, json) ?? {}) as Partial<PortableModel['artifacts'] & object>;
	const weights = zip.read(bin);
	return { meta, artifacts: { modelTopology, weightSpecs: weightSpecs!, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer } };
}

/**
 * Reads and checks a whole project file (the zip's safety, the manifest's schema, every row and the
 * references between them) and returns its rows; throws an InputError saying what is wrong.
 */
export function readProjectZip(bytes: Uint8Array, currentSchema: number): ProjectContents {
	const zip = openZipSafely(bytes);
	if (!zip.has('attune.json')) throw refuse('This zip is not an Attune project: it has no attune.json.');
	checkManifest(parseEntry(zip, 'attune.json'), currentSchema);
	const sampleRows = parseLines(zip, 'samples.jsonl') as Record<string, unknown>[];
	const metas = parseEntry(zip, 'models.json');
	if (!Array.isArray(metas)) throw damaged('models.json is not a list');
	return validateProjectContents({
		project: parseEntry(zip, 'project.json'),
		classes: parseEntry(zip, 'classes.json'),
		events: parseLines(zip, 'events.jsonl', parseCanonical),
		auditHead: zip.has('audit-head.json') ? parseEntry(zip, 'audit-head.json') : undefined,
		samples: sampleRows.map((row): PortableSample => {
			if (!row || typeof row !== 'object') throw damaged('samples.jsonl holds a line that is not a sample');
			const { blob, thumbnail, ...rest } = row;
			return { ...(rest as Omit<PortableSample, 'blob' | 'thumbnail'>), blob: readFile(zip, blob, row), ...(thumbnail ? { thumbnail: readFile(zip, thumbnail, row) } : {}) };
		}),
		models: metas.map((meta) => readModel(zip, meta as ModelVersion))
	});
}
