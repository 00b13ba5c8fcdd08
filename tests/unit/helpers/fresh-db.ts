import Dexie from 'dexie';
import { beforeEach } from 'vitest';
import { DB_NAME, resetDbForTests } from '$lib/storage/db';

/** Gives every test in the file an empty database. */
export function useFreshDb(): void {
	beforeEach(async () => {
		resetDbForTests();
		await Dexie.delete(DB_NAME);
	});
}
