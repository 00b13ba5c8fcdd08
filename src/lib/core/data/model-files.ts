import type { BackboneArtifacts, BackboneFormat } from '../types';
import { InputError } from './input-error';

/** Bigger than any model that would train at interactive speed in a browser tab. */
export const MAX_MODEL_BYTES = 300 * 1024 * 1024;

export interface ModelFile {
	name: string;
	bytes: ArrayBuffer;
}

export interface ParsedModel {
	artifacts: BackboneArtifacts;
	format: BackboneFormat;
	/** A name for the model: the folder its files came from, or its model.json. */
	name: string;
	bytes: number;
}

interface ManifestGroup {
	paths: string[];
	weights: { name: string; shape: number[]; dtype: string }[];
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

function baseName(path: string): string {
	return decodeURIComponent(path.split(/[/\\]/).pop() ?? path);
}

function parseModelJson(text: string, fileName: string) {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new InputError(`${fileName} is not a TensorFlow.js model: it is not valid JSON.`);
	}
	const model = json as { modelTopology?: unknown; weightsManifest?: unknown; format?: string };
	if (!model || typeof model !== 'object' || !model.modelTopology || !Array.isArray(model.weightsManifest)) {
		throw new InputError(`${fileName} is not a TensorFlow.js model: it has no modelTopology and weightsManifest.`);
	}
	const topology = model.modelTopology as { node?: unknown; class_name?: unknown; model_config?: unknown };
	const format: BackboneFormat | null =
		model.format === 'graph-model' || Array.isArray(topology.node) ? 'graph' : topology.class_name || topology.model_config ? 'layers' : null;
	if (!format) throw new InputError(`${fileName} is neither a tfjs layers model nor a tfjs graph model.`);
	return { model, manifest: model.weightsManifest as ManifestGroup[], format };
}

function byteLength(spec: { shape: number[]; dtype: string }, fileName: string): number {
	const size = DTYPE_BYTES[spec.dtype];
	if (!size) throw new InputError(`${fileName}: weights of type ${spec.dtype} are not supported.`);
	return spec.shape.reduce((n, d) => n * d, 1) * size;
}

/**
 * Reads a tfjs model (model.json and the weight files it names) into one set of artifacts, checking
 * that every weight file is there and holds exactly the bytes the manifest promises.
 * `fetchWeight` gives a weight file's bytes by the path model.json names it with.
 */
async function assemble(jsonText: string, jsonName: string, fetchWeight: (path: string) => Promise<ArrayBuffer>): Promise<Omit<ParsedModel, 'name'>> {
	const { model, manifest, format } = parseModelJson(jsonText, jsonName);
	const weightSpecs = manifest.flatMap((g) => g.weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })));
	const buffers: ArrayBuffer[] = [];
	for (const group of manifest) {
		const expected = group.weights.reduce((n, w) => n + byteLength(w, jsonName), 0);
		const parts = await Promise.all(group.paths.map(fetchWeight));
		const got = parts.reduce((n, p) => n + p.byteLength, 0);
		if (got !== expected) {
			throw new InputError(`${group.paths.map(baseName).join(', ')}: the weights hold ${got} bytes but ${jsonName} expects ${expected}; a file is truncated or from another model.`);
		}
		buffers.push(...parts);
	}
	const total = buffers.reduce((n, b) => n + b.byteLength, 0);
	if (total > MAX_MODEL_BYTES) throw new InputError(`${jsonName}: the model is ${Math.round(total / 2 ** 20)} MB; the largest Attune takes is ${MAX_MODEL_BYTES / 2 ** 20} MB.`);
	const weightData = new Uint8Array(total);
	let offset = 0;
	for (const b of buffers) (weightData.set(new Uint8Array(b), offset), (offset += b.byteLength));
	return {
		artifacts: { modelTopology: model.modelTopology, weightSpecs, weightData: weightData.buffer, format: model.format },
		format,
		bytes: total
	};
}

/** A model from files the user picked: one model.json and every weight file it names. */
export async function modelFromFiles(files: readonly ModelFile[]): Promise<ParsedModel> {
	const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
	if (jsons.length !== 1) {
		throw new InputError(jsons.length === 0 ? 'Choose the model.json of a TensorFlow.js model together with its weight (.bin) files.' : `Choose one model at a time: ${jsons.map((f) => f.name).join(', ')} are all model files.`);
	}
	const json = jsons[0]!;
	const byName = new Map(files.map((f) => [baseName(f.name), f]));
	const jsonName = baseName(json.name);
	const parsed = await assemble(new TextDecoder().decode(json.bytes), jsonName, async (path) => {
		const file = byName.get(baseName(path));
		if (!file) throw new InputError(`${jsonName} needs the weight file ${baseName(path)}: choose it together with ${jsonName}.`);
		return file.bytes;
	});
	const folder = json.name.split(/[/\\]/).slice(-2, -1)[0];
	return { ...parsed, name: folder || json.name.replace(/\.json$/i, '') };
}

/**
 * A model downloaded from a URL. Only the app's own origin is reachable (Attune sends nothing to any
 * other server), so a URL elsewhere is refused before any request is made.
 */
export async function modelFromUrl(url: string, origin: string, fetcher: typeof fetch = fetch): Promise<ParsedModel> {
	let target: URL;
	try {
		target = new URL(url.trim(), origin);
	} catch {
		throw new InputError(`"${url}" is not a URL.`);
	}
	if (target.origin !== origin) {
		throw new InputError(`Attune only connects to its own origin (${origin}), so it will not download from ${target.host}. Save model.json and its .bin files on this device and choose them with "From files".`);
	}
	const get = async (address: URL): Promise<Response> => {
		let response: Response;
		try {
			response = await fetcher(address.href);
		} catch {
			throw new InputError(`Could not download ${address.pathname}: the network request failed (offline?).`);
		}
		if (!response.ok) throw new InputError(`Could not download ${address.pathname}: the server answered ${response.status}.`);
		return response;
	};
	const jsonName = baseName(target.pathname) || 'model.json';
	const parsed = await assemble(await (await get(target)).text(), jsonName, async (path) => (await get(new URL(path, target))).arrayBuffer());
	const folder = target.pathname.split('/').slice(-2, -1)[0];
	return { ...parsed, name: folder || jsonName };
}
