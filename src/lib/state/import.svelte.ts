import { classFolderOf, isHiddenPath } from '$lib/core/data/image-file';
import { InputError } from '$lib/core/data/input-error';
import { folderTag } from '$lib/core/data/tags';
import type { SampleSource } from '$lib/core/types';
import { addEditedSample } from '$lib/storage/samples';
import { describeStoppedImport } from '$lib/storage/errors';
import { checkRoomFor } from '$lib/storage/quota';
import { IntakeClient, type IntakeRun } from '$lib/worker/intake/intake-client';
import type { PendingFile } from './pending-file';
import { appErrors } from './errors.svelte';
import { needsDecoding, readableFiles } from './sound-files';

export type { PendingFile };

/**
 * Sound files the page decodes at once, at most (MP3, OGG, WebM: WAV files are read by the worker and do
 * not count): four ten-minute stereo recordings decoded at 16 kHz hold 300 MB.
 */
const SOUNDS_DECODED_AT_ONCE = 4;

/** The files in runs that hold at most `most` the page must decode (all in one run when null), each with where it starts. */
export function groupsOf(files: PendingFile[], most: number | null): [number, PendingFile[]][] {
	if (most === null) return [[0, files]];
	const groups: [number, PendingFile[]][] = [];
	let [from, decoding] = [0, 0];
	files.forEach((f, i) => {
		if (needsDecoding(f) && ++decoding > most) {
			groups.push([from, files.slice(from, i)]);
			[from, decoding] = [i, 1];
		}
	});
	groups.push([from, files.slice(from)]);
	return groups;
}


/** Turns a folder pick (files with webkitRelativePath) into labelled pending files, tagged with the folder picked (a slice). */
/** Files picked, dropped or pasted, each under its own name. */
export function fromFiles(files: Iterable<File>): PendingFile[] {
	return [...files].map((f) => ({ file: f, name: f.name }));
}

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
	/** Cancelled: an import of several groups stops before its next one. */
	private stopped = false;

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

	private async importNow(projectId: string, files: PendingFile[], source: SampleSource, clipSeconds?: number): Promise<number> {
		if (files.length === 0) return 0;
		try {
			await checkRoomFor(files.map((f) => f.file.size));
		} catch (error) {
			appErrors.show(error);
			return 0;
		}
		this.client ??= new IntakeClient();
		this.progress = { done: 0, total: files.length };
		this.stopped = false;
		const errors: string[] = [];
		let stored = 0;
		try {
			for (const [from, group] of groupsOf(files, clipSeconds ? SOUNDS_DECODED_AT_ONCE : null)) {
				// Sounds the page must decode are decoded a group at a time: a folder of long recordings would not fit in memory at once.
				const ready = clipSeconds ? await readableFiles(group, (message) => errors.push(message)) : group;
				if (this.stopped) break;
				const ended = await this.runJob(projectId, ready, source, clipSeconds, errors, from, files.length);
				stored += ended.stored;
				if (ended.end === 'failed') appErrors.say(describeStoppedImport(ended.error, stored, files.length));
				if (ended.end !== 'done') break;
				this.progress = { done: from + group.length, total: files.length };
			}
			await this.caughtUp();
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.run = undefined;
			this.progress = null;
		}
		this.sayErrors(errors, files.length);
		return stored;
	}

	/** One intake job: `files` are the ones from `from` on of an import of `total`. */
	private async runJob(projectId: string, files: PendingFile[], source: SampleSource, clipSeconds: number | undefined, errors: string[], from: number, total: number) {
		if (files.length === 0) return { end: 'done' as const, stored: 0 };
		const job = { projectId, files: files.map(({ file, name, className, tags, decoded }) => ({ file, name, className, tags, ...(decoded ? { decoded } : {}) })), source, ...(clipSeconds ? { clipSeconds } : {}) };
		this.run = this.client!.run(job, (_, __, message) => errors.push(message), (done) => (this.progress = { done: from + done, total }));
		return this.run.result;
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
		this.stopped = true;
		this.run?.cancel();
	}

	destroy(): void {
		this.client?.terminate();
	}
}
