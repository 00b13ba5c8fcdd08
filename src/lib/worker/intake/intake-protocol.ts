import type { SampleSource } from '$lib/core/types';
import type { IntakeResult } from './image-intake';

export interface IntakeFile {
	file: Blob;
	/** Shown in messages; for folder picks, the path inside the picked folder reads best. */
	name: string;
	/** The class it arrives labelled as (its folder's name); none: unlabelled. */
	className?: string | null;
	/** Slices it arrives in: the folder it was picked in. */
	tags?: string[];
	/** A sound the page's decoder has already read (MP3, OGG, WebM): its channels, at `rate`. */
	decoded?: DecodedSound;
}

/** A sound as the browser's decodeAudioData gives it: one array per channel. */
export interface DecodedSound {
	channels: Float32Array[];
	rate: number;
}

/** An import the intake worker carries out whole: decoding, thumbnails, and storing in batches. */
export interface IntakeJob {
	projectId: string;
	files: IntakeFile[];
	source: SampleSource;
	/** A sound project's files: cut into clips of this many seconds. Unset: the files are pictures. */
	clipSeconds?: number;
}

/**
 * An import reports each file it could not take (one bad file does not stop the rest), its progress
 * after each stored batch, and ends with exactly one of done, cancelled or failed, saying how many
 * samples were stored. Every batch reported stored is durable.
 */
export type IntakeUpdate =
	| { type: 'item-error'; index: number; name: string; message: string }
	| { type: 'progress'; done: number; total: number; stored: number }
	| { type: 'done'; stored: number }
	| { type: 'cancelled'; stored: number }
	| { type: 'failed'; stored: number; error: unknown };

/** What the intake worker exposes (through Comlink). */
export interface IntakeApi {
	intake(job: IntakeJob, report: (update: IntakeUpdate) => void, jobId: string): Promise<void>;
	/** Decodes one image without storing it (an edited copy, which storage adds beside its original). */
	prepare(file: Blob, name: string): Promise<IntakeResult>;
	cancel(jobId: string): void;
}
