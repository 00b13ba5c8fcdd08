import { InputError } from '$lib/core/data/input-error';

/** Turns a storage failure into a sentence a user can act on. Nothing was written when these occur. */
export function describeStorageError(error: unknown): string {
	const name = (error as { name?: string } | null)?.name ?? '';
	// An InputError from a worker arrives as a plain Error that kept its name.
	if (error instanceof InputError || name === 'InputError') return (error as Error).message;
	const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
	const names = `${name} ${inner}`;
	if (/QuotaExceeded/.test(names)) {
		return 'Your device has no room left for Attune’s data. Nothing was changed. Free some space (or delete a project) and try again.';
	}
	if (/MissingAPI|InvalidState|UnknownError|DatabaseClosed|OpenFailed|SecurityError/.test(names)) {
		return 'This browser is not letting Attune store data (private browsing, or storage is disabled). Your work cannot be saved here; open Attune in a normal window.';
	}
	if (/VersionError/.test(names)) {
		return 'Your saved data comes from a newer version of Attune. Reload to get the newest version; nothing was changed.';
	}
	return `Attune could not save or read your data (${name || 'unknown error'}). Nothing was changed.`;
}

/** An import that stopped partway (a full disk): what went wrong, and that the batches stored before it are kept. */
export function describeStoppedImport(error: unknown, stored: number, total: number): string {
	const why = describeStorageError(error).replace(/ Nothing was changed\.?/, '');
	return `${why} ${stored.toLocaleString('en')} of ${total.toLocaleString('en')} images were stored before it stopped; they are kept.`;
}
