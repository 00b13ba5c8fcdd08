import { classFolderOf, isHiddenPath } from '$lib/core/data/image-file';
import { InputError } from '$lib/core/data/input-error';
import { folderTag } from '$lib/core/data/tags';
import type { SampleSource } from '$lib/core/types';
import { addEditedSample } from '$lib/storage/samples';
import { describeStoppedImport } from '$lib/storage/errors';
import { checkRoomFor } from '$lib/storage/quota';
import { IntakeClient, type IntakeRun } from '$lib/worker/intake/intake-client';
import { appErrors } from './errors.svelte';
import { asWavFiles } from './sound-files';

/** A file to import, with the class it arrives labelled as (from its folder), if any. */
export interface PendingFile {
	file: Blob;
	name: string;
	className?: string | null;
	tags?: string[];
}

/** Turns a folder pick (files with webkitRelativePath) into labelled pending files, tagged with the folder picked (a slice). */
export function fromFolder(files: Iterable<File>): PendingFile[] {
	return [...files]
		.filter((f) => !isHiddenPath(f.webkitRelativePath || f.name))
		.map((f) => {
			const tag = folderTag(f.webkitRelativePath.split('/')[0] ?? '');
			return { file: f, name: f.webkitRelativePath || f.name, className: classFolderOf(f.webkitRelativePath), ...(tag ? { tags: [tag] } : {}) };
		});
}

/**
 * Imports images with progress and cancel, and a message naming every bad file. The intake worker
 * decodes, thumbnails and stores them in batches (the page never holds the pictures); an import
 * that would not fit on the device is refused before it starts, and one that runs out of room
 * halfway keeps every batch stored and says how far it got.
 */
export class ImportState {
	progress = $state<{ done: number; total: number } | null>(null);
	private run: IntakeRun | undefined;
	private client: IntakeClient | undefined;
	private queue: Promise<unknown> = Promise.resolve();

	/** `caughtUp` resolves once the page shows what an import stored. */
	constructor(private readonly caughtUp: () => Promise<void> = async () => {}) {}

	/**
	 * Imports one batch after another: files given while a batch is still importing wait their turn, never
	 * dropped. With `clipSeconds` the files are sounds, cut into clips of that length.
	 */
	import(projectId: string, files: PendingFile[], source: SampleSource, clipSeconds?: number): Promise<number> {
		const job = this.queue.then(() => this.importNow(projectId, files, source, clipSeconds));
		this.queue = job.catch(() => undefined);
		return job;
	}

	private async importNow(projectId: string, given: PendingFile[], source: SampleSource, clipSeconds?: number): Promise<number> {
		const errors: string[] = [];
		const files = clipSeconds ? await asWavFiles(given, (message) => errors.push(message)) : given;
		if (files.length === 0) return (this.sayErrors(errors, given.length), 0);
		try {
			await checkRoomFor(files.map((f) => f.file.size));
		} catch (error) {
			appErrors.show(error);
			return 0;
		}
		this.client ??= new IntakeClient();
		this.progress = { done: 0, total: files.length };
		let stored = 0;
		this.run = this.client.run({ projectId, files: files.map(({ file, name, className, tags }) => ({ file, name, className, tags })), source, ...(clipSeconds ? { clipSeconds } : {}) }, (_, __, message) => errors.push(message), (done, total) => (this.progress = { done, total }));
		try {
			const ended = await this.run.result;
			stored = ended.stored;
			await this.caughtUp();
			if (ended.end === 'failed') appErrors.say(describeStoppedImport(ended.error, stored, files.length));
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.run = undefined;
			this.progress = null;
		}
		this.sayErrors(errors, given.length);
		return stored;
	}

	private sayErrors(errors: string[], files: number): void {
		if (errors.length) appErrors.say(`${errors.length} of ${files} files were not imported:\n${errors.join('\n')}`);
	}

	/**
	 * Stores an edited copy of a sample (the original stays): the edited picture goes through the same
	 * intake as any image, so the model sees it exactly as it would an upload.
	 */
	async edit(originalId: string, picture: Blob, name: string, edit: 'crop' | 'rotate' | 'redraw'): Promise<boolean> {
		this.client ??= new IntakeClient();
		try {
			const made = await this.client.prepare(picture, name).catch((error: unknown) => {
				throw error instanceof Error && error.name === 'InputError' ? error : new InputError('The edited picture could not be read.');
			});
			await addEditedSample(originalId, { name: made.name, blob: made.blob, ...(made.thumbnail ? { thumbnail: made.thumbnail } : {}), input: made.input }, edit);
			return true;
		} catch (error) {
			appErrors.show(error);
			return false;
		}
	}

	cancel(): void {
		this.run?.cancel();
	}

	destroy(): void {
		this.client?.terminate();
	}
}
