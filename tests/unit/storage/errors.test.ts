import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { InputError } from '$lib/core/data/input-error';
import { describeStorageError as sut } from '$lib/storage/errors';

describe('describeStorageError', () => {
	it('explains a full disk and says nothing changed', () => {
		const error = new Dexie.AbortError('aborted', new DOMException('quota', 'QuotaExceededError'));

		expect(sut(new DOMException('quota', 'QuotaExceededError'))).toMatch(/no room left.*Nothing was changed/);
		expect(sut(error)).toMatch(/no room left/);
	});

	it('explains a browser without usable IndexedDB (private mode)', () => {
		expect(sut(new Dexie.MissingAPIError('indexedDB API missing'))).toMatch(/not letting Attune store data/);
		expect(sut(new Dexie.OpenFailedError('open failed'))).toMatch(/not letting Attune store data/);
	});

	it('passes a message about the user’s own input through as is', () => {
		expect(sut(new InputError('Give the project a name.'))).toBe('Give the project a name.');
	});

	it('names anything else without leaking a stack', () => {
		expect(sut(new TypeError('boom'))).toBe('Attune could not save or read your data (TypeError). Nothing was changed.');
	});
});
