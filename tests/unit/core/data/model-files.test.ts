import { describe, expect, it, vi } from 'vitest';
import { modelFromFiles, modelFromUrl, type ModelFile } from '$lib/core/data/model-files';
import { InputError } from '$lib/core/data/input-error';
import { tinyGraphModel } from '../../../fixtures/tiny-models';

const bytes = (view: Uint8Array) => view.slice().buffer;
const jsonFile = (name: string, json: unknown): ModelFile => ({ name, bytes: bytes(new TextEncoder().encode(JSON.stringify(json))) });

function graphFiles(folder = 'edges/'): ModelFile[] {
	const model = tinyGraphModel();
	return [jsonFile(`${folder}model.json`, model.json), { name: `${folder}${model.weightsName}`, bytes: bytes(model.weights) }];
}

describe('modelFromFiles', () => {
	it('reads a graph model: its format, its weights in manifest order, and a name from its folder', async () => {
		const sut = await modelFromFiles(graphFiles());

		expect(sut.format).toBe('graph');
		expect(sut.name).toBe('edges');
		expect(sut.bytes).toBe(tinyGraphModel().weights.byteLength);
		expect(sut.artifacts.weightSpecs.map((w) => w.name)).toEqual(['filters', 'axes']);
		expect(new Uint8Array(sut.artifacts.weightData)).toEqual(tinyGraphModel().weights);
		expect(sut.artifacts.format).toBe('graph-model');
	});

	it('tells layers models apart by their topology', async () => {
		const json = { modelTopology: { class_name: 'Sequential', config: {} }, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'k', shape: [2], dtype: 'float32' }] }] };

		const sut = await modelFromFiles([jsonFile('model.json', json), { name: 'w.bin', bytes: new Float32Array([1, 2]).buffer }]);

		expect(sut.format).toBe('layers');
		expect(sut.name).toBe('model');
	});

	it.each([
		['a missing weights file, named', graphFiles().slice(0, 1), /needs the weight file group1-shard1of1\.bin/],
		['truncated weights', [graphFiles()[0]!, { name: 'group1-shard1of1.bin', bytes: new ArrayBuffer(100) }], /100 bytes but model\.json expects 872/],
		['a model.json that is not JSON', [{ name: 'model.json', bytes: bytes(new TextEncoder().encode('<html>')) }], /not valid JSON/],
		['JSON that is no model', [jsonFile('model.json', { hello: 1 })], /no modelTopology/],
		['no model.json at all', [{ name: 'photo.bin', bytes: new ArrayBuffer(4) }], /Choose the model\.json/],
		['two models at once', [...graphFiles('a/'), ...graphFiles('b/')], /one model at a time/]
	])('refuses %s with a message for the user', async (_, files, message) => {
		const attempt = modelFromFiles(files as ModelFile[]);

		await expect(attempt).rejects.toBeInstanceOf(InputError);
		await expect(attempt).rejects.toThrow(message);
	});
});

describe('modelFromUrl', () => {
	const origin = 'http://127.0.0.1:4173';

	it('downloads model.json and then its weights from beside it, on the app’s own origin', async () => {
		const model = tinyGraphModel();
		const fetcher = vi.fn(async (url: string) =>
			url.endsWith('model.json') ? new Response(JSON.stringify(model.json)) : new Response(model.weights.slice())
		);

		const sut = await modelFromUrl('/models/edges/model.json', origin, fetcher as unknown as typeof fetch);

		expect(fetcher.mock.calls.map(([url]) => url)).toEqual([`${origin}/models/edges/model.json`, `${origin}/models/edges/group1-shard1of1.bin`]);
		expect(sut).toMatchObject({ format: 'graph', name: 'edges' });
	});

	it('refuses another origin without sending any request', async () => {
		const fetcher = vi.fn();

		const attempt = modelFromUrl('https://tfhub.dev/mobilenet/model.json', origin, fetcher as unknown as typeof fetch);

		await expect(attempt).rejects.toThrow(/only connects to its own origin .* tfhub\.dev/);
		expect(fetcher).not.toHaveBeenCalled();
	});

	it('says what the server answered when a file is missing', async () => {
		const fetcher = vi.fn(async () => new Response('nope', { status: 404 }));

		await expect(modelFromUrl('/models/none/model.json', origin, fetcher as unknown as typeof fetch)).rejects.toThrow(/answered 404/);
	});
});
