import { describe, expect, it } from 'vitest';
import { cleanTag, folderTag, MAX_TAG_LENGTH } from '$lib/core/data/tags';

describe('cleanTag', () => {
	it('collapses spaces and keeps markup as typed (it is shown as text)', () => {
		expect(cleanTag('  night \n shift ')).toBe('night shift');
		expect(cleanTag('<b>x</b>')).toBe('<b>x</b>');
	});

	it('refuses an empty or over-long tag, saying why', () => {
		expect(() => cleanTag('   ')).toThrow(/at least one letter/);
		expect(() => cleanTag('x'.repeat(10_000))).toThrow(`at most ${MAX_TAG_LENGTH} characters (this one has 10,000)`);
	});

	it('names a folder import’s tag after the folder', () => {
		expect(folderTag('field day 3')).toBe('folder: field day 3');
		expect(folderTag('  ')).toBeNull();
	});
});
