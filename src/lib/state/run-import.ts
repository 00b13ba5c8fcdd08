import { appErrors } from './errors.svelte';

/**
 * Runs an import that stores what it read: `busy` while it runs, the last error cleared first and any
 * new one shown (nothing is stored then). Returns how many it stored, 0 on failure.
 */
export async function runImport(state: { busy: boolean }, work: () => Promise<number>): Promise<number> {
	state.busy = true;
	appErrors.clear();
	try {
		return await work();
	} catch (error) {
		appErrors.show(error);
		return 0;
	} finally {
		state.busy = false;
	}
}
