import { describe, expect, it } from 'vitest';
import { BULK_LABELS, planHeld, planSync, type PoolView } from '$lib/core/session/sync-plan';

/** A pool where the named samples are labelled, masked or signalled, and which may have a region to learn. */
function pool({ labelled = [], masked = [], signalled = [], region = false }: { labelled?: string[]; masked?: string[]; signalled?: string[]; region?: boolean }): PoolView {
	return {
		isLabelled: (id) => labelled.includes(id),
		hasLearnableMask: (id) => masked.includes(id),
		hasLearnableSignal: (id) => signalled.includes(id),
		hasLearnableRegion: () => region
	};
}

const open = { restored: false, frozen: false };

/** What a sync found changed, as SamplePool.upsert and record report it. */
const news = (patch: Partial<Parameters<typeof planSync>[0]>): Parameters<typeof planSync>[0] => ({ labels: [], masks: [], signals: [], ...patch });

describe('planSync', () => {
	it('learns each changed sample with something to teach once, labels first, at once and then in the background', () => {
		const request = news({
			labels: [{ sampleId: 'a', classId: 'x' }, { sampleId: 'gone', classId: null }],
			masks: ['b', 'a'],
			signals: [{ sampleId: 'c', target: null, learn: true }, { sampleId: 'd', target: null, learn: false }]
		});

		const sut = planSync(request, pool({ labelled: ['a'], masked: ['a', 'b'], signalled: ['c', 'd'] }), open);

		expect(sut).toEqual({ now: ['a', 'b', 'c'], bulk: false, later: ['a', 'b', 'c'], hold: [], everything: false });
	});

	it(`learns ${BULK_LABELS} or more at once in passes over everything, with nothing left for the background`, () => {
		const ids = Array.from({ length: BULK_LABELS }, (_, i) => `s${i}`);

		const sut = planSync(news({ labels: ids.map((sampleId) => ({ sampleId, classId: 'x' })) }), pool({ labelled: ids }), open);

		expect(sut).toMatchObject({ now: ids, bulk: true, later: [] });
	});

	it('learns nothing when undo or redo put back the version that had learned it', () => {
		const sut = planSync(news({ labels: [{ sampleId: 'a', classId: 'x' }] }), pool({ labelled: ['a'] }), { restored: true, frozen: false });

		expect(sut).toMatchObject({ now: [], later: [], hold: [] });
	});

	it('frozen, keeps the acts for later and does not learn a new region', () => {
		const request = news({ labels: [{ sampleId: 'a', classId: 'x' }], ignoreRegion: { mask: new Uint8Array(1), learn: true } });

		const sut = planSync(request, pool({ labelled: ['a'], region: true }), { restored: false, frozen: true });

		expect(sut).toEqual({ now: [], bulk: false, later: [], hold: ['a'], everything: false });
	});

	it('relearns everything for a new region the model can learn, and not for one it found already learned', () => {
		const region = (learn: boolean) => news({ ignoreRegion: { mask: new Uint8Array(1), learn } });

		expect(planSync(region(true), pool({ region: true }), open).everything).toBe(true);
		expect(planSync(region(false), pool({ region: true }), open).everything).toBe(false);
		expect(planSync(region(true), pool({ region: false }), open).everything).toBe(false); // an extractor's head, or nothing to learn on
	});
});

describe('planHeld', () => {
	it('learns what waited while frozen at once, in passes once there are many, with no background refinement', () => {
		expect(planHeld(['a'])).toEqual({ now: ['a'], bulk: false, later: [], hold: [], everything: false });
		expect(planHeld(['a', 'b', 'c', 'd']).bulk).toBe(true);
	});
});
