import { exportDataset, exportModel, exportProject, importProject } from '$lib/storage/project-file';
import type { Project } from '$lib/core/types';
import { appErrors } from './errors.svelte';
import { safeFileName } from '$lib/core/data/file-names';
import { download } from './download';
import { exportLabelledRows } from '$lib/storage/rows-export';

/** Taking a project away (the whole project, the model, the dataset) and bringing one back. */
export class DataState {
	busy = $state<string | null>(null);

	/** `flush` first stores the live model, so the file holds it as it is now. */
	exportProject(projectId: string, name: string, flush?: () => Promise<void>): Promise<void> {
		return this.run('Packing the project…', async () => (await flush?.(), download(await exportProject(projectId), `${safeFileName(name, 'attune')}.attune.zip`)));
	}

	exportModel(projectId: string, name: string, flush?: () => Promise<void>): Promise<void> {
		return this.run('Packing the model…', async () => (await flush?.(), download(await exportModel(projectId), `${safeFileName(name, 'attune')}-tfjs-model.zip`)));
	}

	exportDataset(projectId: string, name: string): Promise<void> {
		return this.run('Packing the dataset…', async () => download(await exportDataset(projectId), `${safeFileName(name, 'attune')}-dataset.zip`));
	}

	/** A spreadsheet's rows as CSV, or notes as JSON Lines, with their labels. */
	exportLabelled(projectId: string, name: string): Promise<void> {
		return this.run('Writing the file…', async () => {
			const { file, extension } = await exportLabelledRows(projectId);
			download(file, `${safeFileName(name, 'attune')}-labelled.${extension}`);
		});
	}

	/** Checks the whole file before storing anything; a bad file changes nothing. */
	async importProject(file: File): Promise<Project | null> {
		let project: Project | null = null;
		await this.run('Checking and importing…', async () => void (project = await importProject(file)));
		return project;
	}

	private async run(what: string, work: () => Promise<void>): Promise<void> {
		if (this.busy) return;
		this.busy = what;
		try {
			await work();
			appErrors.clear();
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.busy = null;
		}
	}
}
