import type { SyncNews } from './types';

/** Labelled in bulk (an import): a few passes over everything beat hundreds of single updates. */
export const BULK_LABELS = 4;
export const BULK_EPOCHS = 4;
/** Steps of those passes taken before the answer; the rest run in the background (a big pool's passes take minutes). */
export const BULK_STEPS_NOW = 8;

/** What the plan needs to know of the pool, once a sync's news is recorded in it. */
export interface PoolView {
	/** Has a human label of one of the model's classes. */
	isLabelled(sampleId: string): boolean;
	/** Has explanation feedback the model can learn (only the from-scratch CNN sees pixels). */
	hasLearnableMask(sampleId: string): boolean;
	/** Has ratings or signals and no human label (a label always wins). */
	hasLearnableSignal(sampleId: string): boolean;
	/** Has an "always ignore" region the model can learn, and samples to learn it on. */
	hasLearnableRegion(): boolean;
}

/** What to learn from one sync, and when. */
export interface SyncPlan {
	/** Learned before the answer goes back: the human waits for these. */
	now: string[];
	/** `now` is many at once (an import): a few passes over everything, not a quick step each. */
	bulk: boolean;
	/** Refined in the background once the human has the answer, then the idle steps. */
	later: string[];
	/** Acted on while frozen: kept, to be learned on unfreezing. */
	hold: string[];
	/** A new "always ignore" region: a pass over everything the model trains on, in the background. */
	everything: boolean;
}

/**
 * What a sync teaches: each sample whose label, feedback or signals changed and has something to
 * teach, in the order the human acted (labels, then feedback, then signals), once each. Undo and redo
 * put back the version that had learned exactly this (`restored`): nothing to learn. Frozen, acts
 * wait, and a new region is not learned.
 */
export function planSync(news: Pick<SyncNews, 'labels' | 'masks' | 'signals' | 'ignoreRegion'>, pool: PoolView, { restored, frozen }: { restored: boolean; frozen: boolean }): SyncPlan {
	const learnable = new Set<string>();
	for (const { sampleId } of news.labels) if (pool.isLabelled(sampleId)) learnable.add(sampleId);
	for (const sampleId of news.masks) if (pool.hasLearnableMask(sampleId)) learnable.add(sampleId);
	for (const { sampleId, learn } of news.signals) if (learn && pool.hasLearnableSignal(sampleId)) learnable.add(sampleId);
	const ids = restored ? [] : [...learnable];
	if (frozen) return { now: [], bulk: false, later: [], hold: ids, everything: false };
	const everything = !!news.ignoreRegion?.learn && pool.hasLearnableRegion();
	return { ...planHeld(ids), later: ids.length < BULK_LABELS ? ids : [], everything };
}

/** Unfreezing: the acts held meanwhile are learned at once, as an import's labels would be (no background refinement). */
export function planHeld(ids: readonly string[]): SyncPlan {
	return { now: [...ids], bulk: ids.length >= BULK_LABELS, later: [], hold: [], everything: false };
}
