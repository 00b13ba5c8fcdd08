import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackendFallback } from '$lib/core/backend/fallback';
import { modelFromFiles } from '$lib/core/data/model-files';
import { ProjectSession, type PixelDecoder, type SessionBackbone } from '$lib/core/session/project-session';
import type { FeatureStore } from '$lib/core/session/features';
import type { SessionSample, SyncResult } from '$lib/core/session/types';
import { Scheduler } from '$lib/worker/scheduler';
import { SyncRunner } from '$lib/worker/sync-runner';
import { TINY_SIDE, tinyGraphModel } from '../../fixtures/tiny-models';
import { useWasm } from '../helpers/wasm';

const SIDE = TINY_SIDE;
let scheduler: Scheduler<ProjectSession>;

/** Stand-in for the worker's image decoding: these test "files" hold raw RGB floats at the model's size; counts what it decodes. */
function counting(): { decode: PixelDecoder; decoded: string[] } {
	const decoded: string[] = [];
	const decode: PixelDecoder = async (source) => {
		const blob = source as Blob & { sampleId?: string };
		decoded.push(blob.sampleId!);
		return tf.tensor4d(new Float32Array(await blob.arrayBuffer()), [1, SIDE, SIDE, 3]);
	};
	return { decode, decoded };
}

/** Dark stripes on white, across or down, shifted by `phase`. */
function stripes(id: string, direction: 'h' | 'v', phase: number): Blob {
	const values = new Float32Array(SIDE * SIDE * 3);
	for (let y = 0; y < SIDE; y++)
		for (let x = 0; x < SIDE; x++) values.fill(((direction === 'h' ? y : x) + phase) % 4 < 2 ? 20 : 240, (y * SIDE + x) * 3, (y * SIDE + x) * 3 + 3);
	return Object.assign(new Blob([values.buffer]), { sampleId: id });
}

/** 12 pictures, h0 and v0 labelled. */
function pictures(): SessionSample[] {
	return [0, 1, 2, 3, 4, 5].flatMap((phase) =>
		(['h', 'v'] as const).map((d) => ({
			id: `${d}${phase}`,
			input: new Uint8Array(32 * 32),
			blob: stripes(`${d}${phase}`, d, phase),
			classId: phase === 0 ? (d === 'h' ? 'across' : 'down') : undefined,
			updatedAt: 1
		}))
	);
}

/** A feature store in memory, standing in for the worker's IndexedDB table. */
function memoryStore(): FeatureStore & { kept: Map<string, Float32Array> } {
	const kept = new Map<string, Float32Array>();
	return {
		kept,
		load: async (ids) => new Map(ids.flatMap((id) => (kept.has(id) ? [[id, kept.get(id)!] as const] : []))),
		save: async (features) => void features.forEach((v, id) => kept.set(id, v))
	};
}

async function backbone(decode: PixelDecoder, store?: FeatureStore): Promise<SessionBackbone> {
	const files = tinyGraphModel();
	const parsed = await modelFromFiles([
		{ name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(files.json)).buffer as ArrayBuffer },
		{ name: files.weightsName, bytes: files.weights.slice().buffer }
	]);
	const spec = { id: 'edges', name: 'edges', format: parsed.format, source: 'files' as const, inputSize: [SIDE, SIDE] as [number, number], channels: 3 as const, pixelRange: '0..1' as const, width: 8, bytes: parsed.bytes, createdAt: 1 };
	return { spec, artifacts: parsed.artifacts, decode, ...(store ? { store } : {}) };
}

describe('SyncRunner on a pretrained backbone', () => {
	beforeAll(useWasm);
	afterEach(async () => {
		scheduler.closeInTurn();
		await scheduler.serial(async () => undefined);
	});

	it('answers an import before the features are made, then makes them in background steps, the shown picture first, and learns the labelled ones', async () => {
		const tensors = tf.memory().numTensors;
		const { decode, decoded } = counting();
		const session = await ProjectSession.open({ classIds: ['across', 'down'], backbone: await backbone(decode) });
		scheduler = new Scheduler<ProjectSession>();
		scheduler.useBackends(new BackendFallback('wasm', [], async () => true));
		await scheduler.open(async () => session);
		const news: SyncResult[] = [];
		const sut = new SyncRunner(scheduler, (r) => news.push(r));

		const answer = await scheduler.run((s) => sut.sync(s, { changed: pictures(), wanted: ['v5'] }), 'urgent');

		// The act's own labelled pictures get features at once; the other ten wait for the background.
		expect(answer.features).toEqual({ done: 2, total: 12 });
		expect(answer.suggestions.map((s) => s.sampleId)).toEqual([]);
		expect(decoded).toEqual(['h0', 'v0']);
		await vi.waitFor(() => expect(scheduler.busy).toBe(false), { timeout: 30_000, interval: 50 });

		expect(decoded.slice(2, 3)).toEqual(['v5']); // what the page shows comes first
		expect([...decoded].sort()).toEqual(pictures().map((p) => p.id).sort()); // each picture once
		const firstNews = news.find((r) => r.suggestions.some((s) => !['h0', 'v0'].includes(s.sampleId)))!;
		expect(firstNews.suggestions.map((s) => s.sampleId)).toContain('v5'); // and its suggestion is the first sent
		expect(news.at(-1)!.features).toEqual({ done: 12, total: 12 });
		const suggestions = await scheduler.run((s) => s.scorer.suggest());
		expect(suggestions).toHaveLength(12);
		expect(session.version).toBeGreaterThan(0);
		const wrong = suggestions.filter((s) => s.ranked[0]!.classId !== (s.sampleId.startsWith('h') ? 'across' : 'down'));
		expect(wrong.length).toBeLessThanOrEqual(2); // two labels, learned with no other act: the rest mostly sorted
		scheduler.closeInTurn();
		await scheduler.serial(async () => undefined);
		expect(tf.memory().numTensors).toBe(tensors);
	});

	it('reopened, reads the kept features back without computing them, and does not learn again what the saved model learned', async () => {
		const tensors = tf.memory().numTensors;
		const store = memoryStore();
		const first = counting();
		scheduler = new Scheduler<ProjectSession>();
		scheduler.useBackends(new BackendFallback('wasm', [], async () => true));
		await scheduler.open(async () => ProjectSession.open({ classIds: ['across', 'down'], backbone: await backbone(first.decode, store) }));
		const sut = new SyncRunner(scheduler, () => undefined);
		await scheduler.run((s) => sut.sync(s, { changed: pictures(), wanted: [] }), 'urgent');
		await vi.waitFor(() => expect(scheduler.busy).toBe(false), { timeout: 30_000, interval: 50 });
		const saved = await scheduler.run(async (s) => ({ artifacts: await s.lineage.save(), version: s.version, classIds: [...s.context.classIds], backboneId: s.context.backboneId, learnedThrough: s.lineage.learnedThrough }));
		expect(store.kept.size).toBe(12);
		expect(saved.version).toBeGreaterThan(0);
		scheduler.closeInTurn();
		await scheduler.serial(async () => undefined);

		// Reopened as the worker does: the saved model, then the stored samples, changed before it was saved.
		const again = counting();
		scheduler = new Scheduler<ProjectSession>();
		scheduler.useBackends(new BackendFallback('wasm', [], async () => true));
		await scheduler.open(async () => ProjectSession.open({ classIds: ['across', 'down'], model: saved, backbone: await backbone(again.decode, store) }));
		const news: SyncResult[] = [];
		const reopened = new SyncRunner(scheduler, (r) => news.push(r));
		await scheduler.run(async (s) => {
			await s.upsertSamples(pictures(), saved.learnedThrough);
			return reopened.sync(s, { changed: [], wanted: [] });
		}, 'urgent');
		await vi.waitFor(() => expect(scheduler.busy).toBe(false), { timeout: 30_000, interval: 50 });

		expect(again.decoded).toEqual([]);
		expect(news.at(-1)!.features).toEqual({ done: 12, total: 12 });
		expect(news.at(-1)).toMatchObject({ pool: 12, scored: 12 }); // the page is told nothing is left to re-score
		expect(await scheduler.run(async (s) => s.version)).toBe(saved.version);
		expect(await scheduler.run((s) => s.scorer.suggest())).toHaveLength(12);
		scheduler.closeInTurn();
		await scheduler.serial(async () => undefined);
		expect(tf.memory().numTensors).toBe(tensors);
	});
});
