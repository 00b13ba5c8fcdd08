import type { IntakeResult } from './image-intake';

export interface IntakeFile {
	file: Blob;
	/** Shown in messages; for folder picks, the path inside the picked folder reads best. */
	name: string;
}

/**
 * An intake job reports each file as it is done, one bad file not stopping the rest, and ends
 * with exactly one of done or cancelled.
 */
export type IntakeUpdate =
	| { type: 'item'; index: number; result: IntakeResult }
	| { type: 'item-error'; index: number; name: string; message: string }
	| { type: 'progress'; done: number; total: number }
	| { type: 'done' }
	| { type: 'cancelled' };

/** What the intake worker exposes (through Comlink). */
export interface IntakeApi {
	intake(files: IntakeFile[], report: (update: IntakeUpdate) => void, jobId: string): Promise<void>;
	cancel(jobId: string): void;
}
