import { describe, expect, it } from 'vitest';
import { uncertaintyWeight } from '$lib/core/query/budget-aware';
import { describeReason } from '$lib/core/query/reasons';
import { strategyById } from '$lib/core/query/registry';
import { candidate, context, probs } from './factories';

const ids = (picks: { id: string }[]) => picks.map((p) => p.id);

describe('what each strategy picks', () => {
	// "edge" is 51/49 between two classes; "spread" is 40/35/25: least sure of its top class, but not near a boundary.
	const pool = () => [
		candidate('sure', probs(95, 4, 1), [0, 0, 1]),
		candidate('edge', probs(51, 49, 0), [0, 1, 0]),
		candidate('spread', probs(40, 35, 25), [1, 0, 0])
	];

	it('margin picks the 51/49 sample, least-confident the weakest top guess, entropy the most spread', () => {
		expect(ids(strategyById('margin').select(pool(), 1, context()))).toEqual(['edge']);
		expect(ids(strategyById('least-confident').select(pool(), 1, context()))).toEqual(['spread']);
		expect(ids(strategyById('entropy').select(pool(), 1, context()))).toEqual(['spread']);
	});

	it('diversity picks the far cluster first, then covers the rest', () => {
		const near = [0, 1, 2].map((i) => candidate(`near${i}`, probs(1, 1), [0.1 * i, 0]));
		const far = [0, 1].map((i) => candidate(`far${i}`, probs(1, 1), [10 + 0.1 * i, 10]));

		const picks = strategyById('diversity').select([...near, ...far], 2, context({ labelled: [Float32Array.from([0, 0])], labelCount: 1 }));

		expect(picks[0]!.id).toMatch(/^far/);
		expect(picks[1]!.id).toMatch(/^near/); // the other far one is right beside the first pick
		expect(picks[0]!.reason).toMatchObject({ kind: 'novel' });
	});

	it('the default, with few labels, asks about an unlabelled dense group before a lone outlier farther away, then covers the next group', () => {
		// A labelled sample at the origin; a tight group of 25 at distance 5, another of 25 at distance 6 the other way, one outlier at 9.
		const group = (name: string, x: number, y: number) => Array.from({ length: 25 }, (_, i) => candidate(`${name}${i}`, probs(1, 1), [x + 0.05 * (i % 5), y + 0.05 * Math.floor(i / 5)]));
		const pool = [...group('a', 5, 0), ...group('b', -6, 0), candidate('outlier', probs(1, 1), [0, 9])];

		const picks = strategyById('budget-aware').select(pool, 2, context({ labelled: [Float32Array.from([0, 0])], labelCount: 1, classes: 3 }));

		expect(picks.map((p) => p.id[0])).toEqual(['b', 'a']);
		expect(picks[0]!.reason).toMatchObject({ kind: 'novel' });
		// k-center alone (the diversity strategy) goes for the outlier.
		expect(strategyById('diversity').select(pool, 1, context({ labelled: [Float32Array.from([0, 0])], labelCount: 1 }))[0]!.id).toBe('outlier');
	});

	it('the committee picks where its members disagree, not where they agree on a weak guess', () => {
		const split = candidate('split', probs(1, 1), [1, 0], [probs(9, 1), probs(9, 1), probs(9, 1), probs(1, 9), probs(1, 9)]);
		const agreed = candidate('agreed', probs(55, 45), [0, 1], [probs(55, 45), probs(56, 44), probs(54, 46), probs(55, 45), probs(57, 43)]);

		for (const id of ['committee-vote', 'committee-kl']) {
			const [pick] = strategyById(id).select([agreed, split], 1, context({ classes: 2 }));
			expect(pick?.id).toBe('split');
			expect(pick?.reason).toMatchObject({ kind: 'committee', votes: [3, 2], members: 5 });
		}
	});

	it('the budget-aware default explores with few labels and refines near the boundary with many', () => {
		const labelled = [Float32Array.from([0, 1, 0])]; // right where "edge" lies
		const few = strategyById('budget-aware').select(pool(), 1, context({ labelled, labelCount: 1 }));
		const many = strategyById('budget-aware').select(pool(), 1, context({ labelled, labelCount: 30 }));

		expect(few[0]!.id).not.toBe('edge');
		expect(few[0]!.reason.kind).toBe('novel');
		expect(many[0]!.id).toBe('edge');
		expect(uncertaintyWeight({ labelCount: 3, classes: 3 })).toBe(0);
		expect(uncertaintyWeight({ labelCount: 4, classes: 3 })).toBeCloseTo(1 / 3);
		expect(uncertaintyWeight({ labelCount: 6, classes: 3 })).toBe(1);
	});
});

describe('describeReason', () => {
	const name = (i: number) => ['ring', 'bars', 'star'][i]!;

	it('says why in words the human can check', () => {
		expect(describeReason({ kind: 'margin', first: { classIndex: 0, p: 0.51 }, second: { classIndex: 1, p: 0.49 } }, name)).toBe('near the boundary: 51% ring vs 49% bars');
		expect(describeReason({ kind: 'committee', votes: [2, 3, 0], members: 5, measure: 'vote-entropy', disagreement: 0.97 }, name)).toBe('the committee split 3–2');
		expect(describeReason({ kind: 'novel', distance: 9, typical: 2 }, name)).toBe('unlike anything labelled yet');
		expect(describeReason({ kind: 'least-confident', top: 2, p: 0.4 }, name)).toBe('its best guess, star, is only 40% sure');
	});
});
