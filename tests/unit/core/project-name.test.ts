import { describe, expect, it } from 'vitest';
import { validateProjectName as sut } from '$lib/core/data/project-name';

describe('validateProjectName', () => {
	it('trims and folds white space and control characters', () => {
		expect(sut('  Birds\n\tof the\u0000garden ')).toBe('Birds of the garden');
	});

	it('keeps markup as literal text', () => {
		expect(sut('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
	});

	it.each([[''], ['   '], ['x'.repeat(121)], [42]])('rejects %j', (raw) => {
		expect(() => sut(raw)).toThrow();
	});
});
