import { setMasking } from '$lib/storage/masking';
import type { Project, StoredEvent } from '$lib/core/types';
import { watchRecentEvents } from '$lib/storage/events';
import { markOpened, watchProject } from '$lib/storage/projects';
import { appErrors } from './errors.svelte';

/** One open project, live from the database. */
export class ProjectState {
	project = $state<Project | undefined>(undefined);
	loaded = $state(false);
	events = $state<StoredEvent[]>([]);
	private readonly stops: (() => void)[];

	constructor(id: string) {
		const onError = (error: unknown) => appErrors.show(error);
		this.stops = [
			watchProject(id, (p) => {
				this.project = p?.deletedAt ? undefined : p;
				this.loaded = true;
			}, onError),
			watchRecentEvents(id, (events) => (this.events = events), onError)
		];
		markOpened(id).catch(onError);
	}

	/** A notes project: masks likely personal data in what is shown, exported and learned (or stops); logged. */
	async mask(on: boolean): Promise<void> {
		if (!this.project) return;
		try {
			await setMasking(this.project.id, on);
		} catch (error) {
			appErrors.show(error);
		}
	}

	destroy(): void {
		for (const stop of this.stops) stop();
	}
}
