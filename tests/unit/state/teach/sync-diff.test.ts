import { describe, expect, it } from 'vitest';
import type { Sample } from '$lib/core/types';
import { diffSync, knowsNothing, type DatabaseNow } from '$lib/state/teach/sync-diff';

const control = { learningRate: 0.001, stepsPerUpdate: 4, replaySize: 32, frozen: false };

function sample(id: string, patch: Partial<Sample> = {}): Sample {
	return { id, projectId: 'p', name: id, blob: new Blob(), input: new Uint8Array(4), source: 'upload', createdAt: 1, updatedAt: 10, ...patch };
}

function now(changed: Sample[], patch: Partial<DatabaseNow> = {}): DatabaseNow {
	return { changed, classIds: ['a', 'b'], ignoreRegion: null, signals: new Map(), control, withImages: false, opened: true, learnedUntil: -Infinity, ...patch };
}

describe('diffSync', () => {
	it('sends the changed samples as the learner takes them: input, label, audit flag, feedback and when they changed', () => {
		const painted = { painted: Uint8Array.of(1, 0, 0, 1), at: 40, mode: 'ignore' as const };
		const changed = [
			sample('s1', { classId: 'a', updatedAt: 30, labelledFrom: { strategy: 'margin', audit: true, suggested: 'a', confidence: 0.5 } }),
			sample('s2', { attention: painted, updatedAt: 40 }),
			sample('row', { input: undefined, features: Float32Array.of(0.5) }),
			sample('empty', { input: undefined })
		];

		const sut = diffSync(knowsNothing(), now(changed));

		expect(sut.request.changed!.map((s) => [s.id, s.classId, s.audit, s.attentionAt, s.updatedAt])).toEqual([
			['s1', 'a', true, 0, 30],
			['s2', undefined, false, 40, 40],
			['row', undefined, false, 0, 10]
		]);
		expect(Array.from(sut.request.changed![1]!.mask!)).toEqual([1, 0, 0, 1]);
		expect(sut).toMatchObject({ news: true, learns: true, through: 40 });
	});

	it('sends the classes, the region and the settings only when they changed; nothing at all when nothing did', () => {
		const first = diffSync(knowsNothing(), now([], { ignoreRegion: { painted: new Uint8Array(4), at: 5 } }));

		const same = diffSync(first.knows, now([], { ignoreRegion: { painted: new Uint8Array(4), at: 5 } }));
		const changed = diffSync(first.knows, now([], { classIds: ['a', 'b', 'c'], ignoreRegion: { painted: new Uint8Array(4), at: 9 }, control: { ...control, frozen: true } }));

		expect(first.request.classIds).toEqual(['a', 'b']);
		expect(same).toMatchObject({ news: false, learns: false, controlChanged: false });
		expect(same.request.classIds).toBeUndefined();
		expect(changed.request.classIds).toEqual(['a', 'b', 'c']);
		expect(changed.request.ignoreRegion?.learn).toBe(true);
		expect(changed.controlChanged).toBe(true);
	});

	it('on opening, learns a region or a signal only if given after the saved model was', () => {
		const opening = (at: number) => now([], { opened: false, learnedUntil: 50, ignoreRegion: { painted: new Uint8Array(4), at }, signals: new Map([['s1', { positive: { a: 1 }, negative: {}, at }]]) });

		const older = diffSync(knowsNothing(), opening(41));
		const newer = diffSync(knowsNothing(), opening(60));

		expect([older.request.ignoreRegion?.learn, older.request.signals![0]!.learn]).toEqual([false, false]);
		expect([newer.request.ignoreRegion?.learn, newer.request.signals![0]!.learn]).toEqual([true, true]);
	});

	it('learns a signal when a new one arrives, updates a faded one without learning it, and says when one is gone', () => {
		const target = (w: number, at: number) => ({ positive: { a: w }, negative: {}, at });
		const first = diffSync(knowsNothing(), now([], { signals: new Map([['s1', target(0.5, 100)]]) }));

		const faded = diffSync(first.knows, now([], { signals: new Map([['s1', target(0.25, 100)]]) }));
		const again = diffSync(faded.knows, now([], { signals: new Map([['s1', target(0.5, 200)]]) }));
		const gone = diffSync(again.knows, now([]));

		expect(first.request.signals).toEqual([{ sampleId: 's1', target: target(0.5, 100), learn: true }]);
		expect(faded.request.signals).toEqual([{ sampleId: 's1', target: target(0.25, 100), learn: false }]);
		expect(again.request.signals![0]!.learn).toBe(true);
		expect(again.through).toBe(200);
		expect(gone.request.signals).toEqual([{ sampleId: 's1', target: null, learn: false }]);
	});

	it('sends an imported extractor the images', () => {
		expect(diffSync(knowsNothing(), now([sample('s1')], { withImages: true })).request.changed![0]!.blob).toBeInstanceOf(Blob);
		expect(diffSync(knowsNothing(), now([sample('s1')])).request.changed![0]!.blob).toBeUndefined();
	});
});
