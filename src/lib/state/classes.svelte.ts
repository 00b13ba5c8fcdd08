import { addClass, deleteClass, recolourClass, renameClass, setGuideline } from '$lib/storage/classes';
import { appErrors } from './errors.svelte';

/**
 * The human's changes to a project's classes: each stored (and logged) first; the list on screen
 * follows the database. A bad name is refused with a message and changes nothing.
 */
export class ClassesState {
	constructor(private readonly projectId: string) {}

	add(name: string): Promise<boolean> {
		return attempt(() => addClass(this.projectId, name));
	}

	rename(classId: string, name: string): Promise<boolean> {
		return attempt(() => renameClass(classId, name));
	}

	recolour(classId: string, color: string): Promise<boolean> {
		return attempt(() => recolourClass(classId, color));
	}

	/** A class's rule in words and its typical samples; logged with what it was before. */
	guide(classId: string, text: string, typical: readonly string[]): Promise<boolean> {
		return attempt(() => setGuideline(classId, text, typical));
	}

	/** Its samples become unlabelled. */
	remove(classId: string): Promise<boolean> {
		return attempt(() => deleteClass(classId));
	}
}

async function attempt(work: () => Promise<unknown>): Promise<boolean> {
	try {
		await work();
		appErrors.clear();
		return true;
	} catch (error) {
		appErrors.show(error);
		return false;
	}
}
