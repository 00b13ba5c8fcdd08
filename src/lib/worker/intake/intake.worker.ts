/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { InputError } from '$lib/core/data/input-error';
import { intakeImage } from './image-intake';
import type { IntakeApi, IntakeFile, IntakeUpdate } from './intake-protocol';

const cancelled = new Set<string>();

function describe(error: unknown, name: string): string {
	if (error instanceof InputError) return error.message;
	// Anything else is our fault or the browser's (out of memory, no OffscreenCanvas), not the file's.
	const detail = error instanceof Error ? error.message : String(error);
	return `“${name}” could not be imported: ${detail}`;
}

/** One file at a time: decoding many large photos at once could exhaust memory on a phone. */
async function intake(files: IntakeFile[], report: (u: IntakeUpdate) => void, jobId: string): Promise<void> {
	try {
		for (const [index, { file, name }] of files.entries()) {
			if (cancelled.has(jobId)) {
				report({ type: 'cancelled' });
				return;
			}
			try {
				// Blobs cross threads by reference and the input is 1 KB, so nothing is worth transferring.
				report({ type: 'item', index, result: await intakeImage(file, name) });
			} catch (error) {
				report({ type: 'item-error', index, name, message: describe(error, name) });
			}
			report({ type: 'progress', done: index + 1, total: files.length });
		}
		report({ type: 'done' });
	} finally {
		cancelled.delete(jobId);
	}
}

const api: IntakeApi = {
	intake,
	cancel(jobId: string) {
		cancelled.add(jobId);
	}
};

Comlink.expose(api);
