import { classFolderOf, isHiddenPath } from '$lib/core/data/image-file';
import type { SampleSource } from '$lib/core/types';
import { ensureClass } from '$lib/storage/classes';
import { addEditedSample, addSamples, type NewSample } from '$lib/storage/samples';
import { InputError } from '$lib/core/data/input-error';
import { IntakeClient, type IntakeRun } from '$lib/worker/intake/intake-client';
import { appErrors } from './errors.svelte';

/** A file to import, with the class it arrives labelled as (from its folder), if any. */
export interface PendingFile {
	file: Blob;
	name: string;
	className?: string | null;
}

const BATCH = 16; // samples per transaction: the list grows steadily and a cancel keeps what is done

/** Turns a folder pick (files with webkitRelativePath) into labelled pending files. */
export function fromFolder(files: Iterable<File>): PendingFile[] {
	return [...files]
		.filter((f) => !isHiddenPath(f.webkitRelativePath || f.name))
		.map((f) => ({ file: f, name: f.webkitRelativePath || f.name, className: classFolderOf(f.webkitRelativePath) }));
}

/** Imports images off the main thread, with progress, cancel, and a message naming every bad file. */
export class ImportState {
	progress = $state<{ done: number; total: number } | null>(null);
	private run: IntakeRun | undefined;
	private client: IntakeClient | undefined;

	/** Imports one batch after another: files given while a batch is still importing wait their turn, never dropped. */
	import(projectId: string, files: PendingFile[], source: SampleSource): Promise<number> {
		const job = this.queue.then(() => this.importNow(projectId, files, source));
		this.queue = job.catch(() => undefined);
		return job;
	}

	private queue: Promise<unknown> = Promise.resolve();

	private async importNow(projectId: string, files: PendingFile[], source: SampleSource): Promise<number> {
		if (files.length === 0) return 0;
		this.client ??= new IntakeClient();
		this.progress = { done: 0, total: files.length };
		const errors: string[] = [];
		let pending: { item: NewSample; className: string | null }[] = [];
		let stored = 0;
		let writes = Promise.resolve();
		const flush = () => {
			const batch = pending;
			pending = [];
			writes = writes.then(() => this.store(projectId, batch, source)).then((n) => void (stored += n));
			return writes;
		};
		this.run = this.client.run(
			files.map(({ file, name }) => ({ file, name })),
			(index, r) => {
				pending.push({ item: { name: r.name, blob: r.blob, thumbnail: r.thumbnail, input: r.input }, className: files[index]?.className ?? null });
				if (pending.length >= BATCH) void flush();
			},
			(_, __, message) => errors.push(message),
			(done, total) => (this.progress = { done, total })
		);
		try {
			await this.run.result;
			await flush();
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.run = undefined;
			this.progress = null;
		}
		if (errors.length) appErrors.say(`${errors.length} of ${files.length} files were not imported:\n${errors.join('\n')}`);
		return stored;
	}

	/**
	 * Stores an edited copy of a sample (the original stays): the edited picture goes through the same
	 * intake as any image, so the model sees it exactly as it would an upload.
	 */
	async edit(originalId: string, picture: Blob, name: string, edit: 'crop' | 'rotate' | 'redraw'): Promise<boolean> {
		this.client ??= new IntakeClient();
		let made: NewSample | undefined;
		let failure: string | undefined;
		const run = this.client.run([{ file: picture, name }], (_, r) => (made = { name: r.name, blob: r.blob, thumbnail: r.thumbnail, input: r.input }), (_, __, message) => (failure = message));
		try {
			await run.result;
			if (!made) throw new InputError(failure ?? 'The edited picture could not be read.');
			await addEditedSample(originalId, made, edit);
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

	private async store(projectId: string, batch: { item: NewSample; className: string | null }[], source: SampleSource): Promise<number> {
		const groups = new Map<string | null, NewSample[]>();
		for (const { item, className } of batch) groups.set(className, [...(groups.get(className) ?? []), item]);
		for (const [className, items] of groups) {
			const classId = className ? (await ensureClass(projectId, className)).id : null;
			await addSamples(projectId, items, source, classId);
		}
		return batch.length;
	}
}
