import { describe, expect, it } from 'vitest';
import type { Sample } from '$lib/core/types';
import { diffSync, knowsNothing, type DatabaseNow } from '$lib/state/teach/sync-diff';

const control = { learningRate: 0.001, stepsPerUpdate: 4, replaySize: 32, frozen: false };

function sample(id: string, patch: Partial<Sample> = {}): Sample {
	return { id, projectId: 'p', name: id, blob: new Blob(), input: new Uint8Array(4), source: 'upload', createdAt: 1, updatedAt: 10, ...patch };
}

function now(samples: Sample[], patch: Partial<DatabaseNow> = {}): DatabaseNow {
	return { samples, classIds: ['a', 'b'], ignoreRegion: null, signals: new Map(), control, withImages: false, opened: true, learnedUntil: Infinity, signalsLearnedUntil: -Infinity, ...patch };
}

describe('diffSync', () => {
	it('on opening sends every sample, with the labels the saved model already learned, and asks to learn only the later ones', () => {
		const samples = [sample('old', { classId: 'a', updatedAt: 5 }), sample('new', { classId: 'b', updatedAt: 20 }), sample('none')];

		const sut = diffSync(knowsNothing(), now(samples, { opened: false, learnedUntil: 10 }));

		expect(sut.request.upserts!.map((s) => [s.id, s.classId])).toEqual([['old', 'a'], ['new', undefined], ['none', undefined]]);
		expect(sut.request.labels).toEqual([{ sampleId: 'new', classId: 'b', audit: false }]);
		expect(sut.request.classIds).toEqual(['a', 'b']);
		expect(sut).toMatchObject({ news: true, learns: true, controlChanged: true, syncedThrough: 20 });
	});

	it('then sends only what changed: a new label, a removed sample, a sample added; nothing when nothing changed', () => {
		const first = diffSync(knowsNothing(), now([sample('s1'), sample('s2')]));

		const second = diffSync(first.knows, now([sample('s1', { classId: 'a', updatedAt: 30 }), sample('s3')]));
		const third = diffSync(second.knows, now([sample('s1', { classId: 'a', updatedAt: 30 }), sample('s3')]));

		expect(second.request).toMatchObject({ labels: [{ sampleId: 's1', classId: 'a' }], removed: ['s2'], masks: [], signals: [] });
		expect(second.request.upserts!.map((s) => s.id)).toEqual(['s3']);
		expect(second.request.classIds).toBeUndefined();
		expect(second.syncedThrough).toBe(30);
		expect(third).toMatchObject({ news: false, learns: false, controlChanged: false });
	});

	it('sends explanation feedback when it changed, and a region learned while open but not one the saved model predates', () => {
		const painted = { painted: new Uint8Array(4).fill(1), at: 40, mode: 'ignore' as const };
		const first = diffSync(knowsNothing(), now([sample('s1')]));

		const masked = diffSync(first.knows, now([sample('s1', { attention: painted })], { ignoreRegion: { painted: new Uint8Array(4), at: 41 } }));
		const opening = diffSync(knowsNothing(), now([sample('s1')], { opened: false, learnedUntil: 50, ignoreRegion: { painted: new Uint8Array(4), at: 41 } }));

		expect(masked.request.masks!.map((m) => [m.sampleId, Array.from(m.mask!)])).toEqual([['s1', [1, 1, 1, 1]]]);
		expect(masked.request.ignoreRegion?.learn).toBe(true);
		expect(opening.request.ignoreRegion?.learn).toBe(false);
		expect(opening.request.masks).toEqual([]);
	});

	it('learns a signal when a new one arrives, updates a faded one without learning it, and says when one is gone', () => {
		const target = (w: number, at: number) => ({ positive: { a: w }, negative: {}, at });
		const first = diffSync(knowsNothing(), now([sample('s1')], { signals: new Map([['s1', target(0.5, 100)]]) }));

		const faded = diffSync(first.knows, now([sample('s1')], { signals: new Map([['s1', target(0.25, 100)]]) }));
		const again = diffSync(faded.knows, now([sample('s1')], { signals: new Map([['s1', target(0.5, 200)]]) }));
		const gone = diffSync(again.knows, now([sample('s1')]));

		expect(first.request.signals).toEqual([{ sampleId: 's1', target: target(0.5, 100), learn: true }]);
		expect(faded.request.signals).toEqual([{ sampleId: 's1', target: target(0.25, 100), learn: false }]);
		expect(again.request.signals![0]!.learn).toBe(true);
		expect(again.signalsThrough).toBe(200);
		expect(gone.request.signals).toEqual([{ sampleId: 's1', target: null, learn: false }]);
	});

	it('notices new classes and new settings, and sends an imported extractor the images', () => {
		const first = diffSync(knowsNothing(), now([sample('s1')]));

		const sut = diffSync(first.knows, now([sample('s1')], { classIds: ['a', 'b', 'c'], control: { ...control, frozen: true } }));
		const withImages = diffSync(knowsNothing(), now([sample('s1')], { withImages: true }));

		expect(sut.request.classIds).toEqual(['a', 'b', 'c']);
		expect(sut.controlChanged).toBe(true);
		expect(withImages.request.upserts![0]!.blob).toBeInstanceOf(Blob);
		expect(first.request.upserts![0]!.blob).toBeUndefined();
	});
});
