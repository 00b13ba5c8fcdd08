import type { ProjectKind } from '$lib/core/types';
import {
	createProject, deleteProject, type ProjectChoices, purgeDeleted, renameProject, restoreProject, UNDO_WINDOW_MS, watchProjects,
	type ProjectSummary
} from '$lib/storage/projects';
import { appErrors } from './errors.svelte';
import { storage } from './storage.svelte';
import { toasts } from './toasts.svelte';

export type { ProjectSummary };

/** The home page's project list, live from the database, and the acts on it. */
export class ProjectsState {
	list = $state.raw<ProjectSummary[]>([]);
	loaded = $state(false);
	private readonly stop: () => void;

	constructor() {
		this.stop = watchProjects(
			(list) => {
				this.list = list;
				this.loaded = true;
			},
			(error) => appErrors.show(error)
		);
		purgeDeleted().catch((error) => appErrors.show(error)); // leftovers from a closed tab
	}

	/** Returns the new project's id, or null when nothing was created (the error is shown). */
	/** A sound project takes its clip length here, fixed from then on: every clip the model sees is as long. */
	async create(name: string, kind: ProjectKind, choices: ProjectChoices = {}): Promise<string | null> {
		try {
			const project = await createProject(name, kind, Date.now(), choices);
			appErrors.clear();
			void storage.requestPersistence();
			return project.id;
		} catch (error) {
			appErrors.show(error);
			return null;
		}
	}

	async rename(id: string, name: string): Promise<boolean> {
		try {
			await renameProject(id, name);
			appErrors.clear();
			return true;
		} catch (error) {
			appErrors.show(error);
			return false;
		}
	}

	async remove(id: string, name: string): Promise<void> {
		try {
			await deleteProject(id);
			toasts.show(`Deleted “${name}”.`, { label: 'Undo', run: () => this.restore(id) }, UNDO_WINDOW_MS);
			setTimeout(() => purgeDeleted().catch((error) => appErrors.show(error)), UNDO_WINDOW_MS + 500);
		} catch (error) {
			appErrors.show(error);
		}
	}

	private async restore(id: string): Promise<void> {
		try {
			await restoreProject(id);
		} catch (error) {
			appErrors.show(error);
		}
	}

	destroy(): void {
		this.stop();
	}
}
