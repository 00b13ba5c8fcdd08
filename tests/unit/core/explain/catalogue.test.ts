import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPLAINER, EXPLAINER_CATALOGUE } from '$lib/core/explain/catalogue';
import { EXPLAINERS } from '$lib/core/explain/registry';

describe('the explainer catalogue the page lists', () => {
	it('names every registered explainer, in order, and marks the conv-only ones', () => {
		expect(EXPLAINER_CATALOGUE.map((e) => [e.id, e.name, !!e.convOnly])).toEqual(EXPLAINERS.map((e) => [e.id, e.name, !!e.appliesTo]));
		expect(EXPLAINERS.map((e) => e.id)).toContain(DEFAULT_EXPLAINER);
	});
});
