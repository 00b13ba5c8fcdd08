import { describe, expect, it } from 'vitest';
import { labelPropagation, propagate } from '$lib/core/semi/label-propagation';
import { MAX_POOL_TARGETS, POOL_WEIGHT, type PoolView, type ScoredSample } from '$lib/core/semi/pool-learning';
import { pseudoLabels } from '$lib/core/semi/pseudo-labels';
import { POOL_LEARNING } from '$lib/core/semi/registry';
import { seededRandom } from '$lib/core/random';

/** A sample at (x, y), its embedding the same point, with the model's raw probabilities. */
function point(id: string, x: number, y: number, raw = [0.5, 0.5]): ScoredSample {
	const values = Float32Array.of(x, y);
	return { id, input: values, embedding: values, raw: Float32Array.from(raw) };
}

/** Two clusters far apart (around x = -4 and x = +4), `n` unlabelled samples each, one labelled seed each. */
function twoClusters(n: number, raw?: (x: number) => number[]): PoolView {
	const random = seededRandom(3);
	const around = (cx: number, i: number, side: string) => {
		const [x, y] = [cx + (random() - 0.5) * 2, 3 + (random() - 0.5) * 2];
		return point(`${side}${i}`, x, y, raw?.(x));
	};
	return {
		labelled: [{ ...point('seedA', -4, 3), label: 0 }, { ...point('seedB', 4, 3), label: 1 }],
		unlabelled: [...Array.from({ length: n }, (_, i) => around(-4, i, 'a')), ...Array.from({ length: n }, (_, i) => around(4, i, 'b'))],
		classes: 2
	};
}

const classOf = (target: Float32Array) => target.indexOf(Math.max(...target));

describe('learning from the unlabelled pool', () => {
	it.each(POOL_LEARNING.map((m) => [m.id, m] as const))('%s: weighted targets for unlabelled samples only, deterministic, finite', (_, sut) => {
		const view = twoClusters(20, (x) => (x < 0 ? [0.99, 0.01] : [0.01, 0.99]));

		const targets = sut.targets(view);

		expect(targets.length).toBeGreaterThan(0);
		expect(sut.targets(view)).toEqual(targets);
		const labelled = new Set(view.labelled.map((s) => s.id));
		for (const t of targets) {
			expect(labelled.has(t.id)).toBe(false);
			expect(t.label).toBe(-1); // never a label: only a weighted target row
			expect(t.target!.length).toBe(2);
			expect(t.target!.reduce((a, b) => a + b, 0)).toBeCloseTo(POOL_WEIGHT);
			expect([...t.target!].every(Number.isFinite)).toBe(true);
		}
	});

	it.each(POOL_LEARNING.map((m) => [m.id, m] as const))('%s: no targets from one labelled class, an empty pool, or a pool of copies of the labelled samples', (_, sut) => {
		const view = twoClusters(10, (x) => (x < 0 ? [0.99, 0.01] : [0.01, 0.99]));
		const oneClass = { ...view, labelled: view.labelled.filter((s) => s.label === 0) };
		const empty = { ...view, unlabelled: [] };
		const copies = { ...view, unlabelled: view.labelled.flatMap((s, i) => [0, 1, 2].map((k) => ({ ...point(`copy${i}-${k}`, s.input[0]!, s.input[1]!, [...s.raw]), raw: Float32Array.from(i === 0 ? [0.99, 0.01] : [0.01, 0.99]) }))) };

		expect(sut.targets(oneClass)).toEqual([]);
		expect(sut.targets(empty)).toEqual([]);
		expect(sut.targets(copies)).toEqual([]);
	});

	it('pseudo-labels: only what the model is at least 95% sure of, as the class it is sure of', () => {
		const view = twoClusters(10, (x) => (x < -4 ? [0.97, 0.03] : x > 4 ? [0.02, 0.98] : [0.9, 0.1]));

		const targets = pseudoLabels.targets(view);

		const sure = view.unlabelled.filter((s) => Math.max(...s.raw) >= 0.95);
		expect(targets.map((t) => t.id).sort()).toEqual(sure.map((s) => s.id).sort());
		for (const t of targets) expect(classOf(t.target!)).toBe(t.id.startsWith('a') ? 0 : 1);
	});

	it('label propagation labels each of two separated clusters from its one seed, even where the model is unsure', () => {
		const view = twoClusters(30); // every raw probability 0.5: pseudo-labels find nothing

		const targets = labelPropagation.targets(view);

		expect(pseudoLabels.targets(view)).toEqual([]);
		expect(targets).toHaveLength(60);
		for (const t of targets) expect(classOf(t.target!)).toBe(t.id.startsWith('a') ? 0 : 1);
		const spread = propagate([...view.labelled, ...view.unlabelled], [0, 1], 2);
		expect([...spread].every(Number.isFinite)).toBe(true);
	});

	it('takes at most MAX_POOL_TARGETS, shared evenly between the classes', () => {
		const view = twoClusters(MAX_POOL_TARGETS, (x) => (x < 0 ? [0.99, 0.01] : [0.01, 0.99]));

		const targets = pseudoLabels.targets(view);

		expect(targets).toHaveLength(MAX_POOL_TARGETS);
		expect(targets.filter((t) => classOf(t.target!) === 0)).toHaveLength(MAX_POOL_TARGETS / 2);
	});
});
