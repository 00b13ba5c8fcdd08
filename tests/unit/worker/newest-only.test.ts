import { describe, expect, it } from 'vitest';
import { NewestOnly } from '$lib/worker/newest-only';

describe('NewestOnly', () => {
	it('answers only the newest ask of a key; other keys, and an ask after the turn came, are their own', () => {
		const sut = new NewestOnly();
		const old = sut.ask('a:vanilla');
		const other = sut.ask('b:vanilla');
		const method = sut.ask('a:occlusion');
		const newer = sut.ask('a:vanilla');

		expect(old()).toBe(false); // the map of the replaced weights is not made
		expect(newer()).toBe(true);
		expect(other()).toBe(true);
		expect(method()).toBe(true);
		expect(sut.ask('a:vanilla')()).toBe(true); // asked once more after its answer: answered again
	});
});
