import { InputError } from '$lib/core/data/input-error';
import { ensureClass } from '$lib/storage/classes';
import { addSampleGroups, type NewSample } from '$lib/storage/samples';
import { intakeImage } from './image-intake';
import { intakeSound } from './sound-intake';
import type { IntakeFile, IntakeJob, IntakeUpdate } from './intake-protocol';

/**
 * Files stored per transaction, at most: the grid fills steadily, and a cancel or a full disk keeps
 * every batch stored before. Each transaction also logs the batch and wakes every view of the project,
 * so fewer make a faster import: 5,000 small PNGs came in at ~175 a second in batches of 64, ~215 in
 * batches of 200 (bench import, 2 cores).
 */
export const INTAKE_BATCH = 200;
/** The files of one batch add up to this at most (one file alone may be more): a batch of photos is decoded and held before it is stored. */
export const INTAKE_BATCH_BYTES = 24 * 1024 * 1024;
/** Images decoded at once: enough to keep the browser's decoders busy, few enough for a phone's memory with photos. */
const PARALLEL = 4;

/** Turns one file into what is stored of it: one picture, or a sound's clips (intakeImage and intakeSound in the browser; tests give their own). */
export type DecodeImage = (file: IntakeFile['file'], name: string, decoded?: IntakeFile['decoded']) => Promise<NewSample | NewSample[]>;

type Decoded = { item: NewSample; className: string | null };

function describe(error: unknown, name: string): string {
	if (error instanceof InputError) return error.message;
	// Anything else is our fault or the browser's (out of memory, no OffscreenCanvas), not the file's.
	const detail = error instanceof Error ? error.message : String(error);
	return `“${name}” could not be imported: ${detail}`;
}

/** Where each batch ends (exclusive): at most INTAKE_BATCH files and INTAKE_BATCH_BYTES, and at least one file. */
export function batchEnds(sizes: readonly number[]): number[] {
	const ends: number[] = [];
	for (let from = 0; from < sizes.length; ) {
		let to = from + 1;
		for (let bytes = sizes[from]!; to < sizes.length && to - from < INTAKE_BATCH && bytes + sizes[to]! <= INTAKE_BATCH_BYTES; to++) bytes += sizes[to]!;
		ends.push(to);
		from = to;
	}
	return ends;
}

/** Decodes the files from `from` to `to`, PARALLEL at a time; a file that fails is reported and left out. */
async function decodeBatch(job: IntakeJob, from: number, to: number, decode: DecodeImage, report: (u: IntakeUpdate) => void): Promise<Decoded[]> {
	const out: Decoded[][] = [];
	const files = job.files.slice(from, to);
	for (let i = 0; i < files.length; i += PARALLEL) {
		await Promise.all(
			files.slice(i, i + PARALLEL).map(async ({ file, name, className, tags, decoded }, j) => {
				try {
					const items = [await decode(file, name, decoded)].flat();
					out[i + j] = items.map((item) => ({ item: tags?.length ? { ...item, tags } : item, className: className ?? null }));
				} catch (error) {
					report({ type: 'item-error', index: from + i + j, name, message: describe(error, name) });
				}
			})
		);
	}
	return out.filter(Boolean).flat();
}

/** Stores a decoded batch in one transaction, grouped by the class each file arrived with. */
async function store(job: IntakeJob, batch: Decoded[], classIds: Map<string, string>): Promise<number> {
	const groups = new Map<string | null, NewSample[]>();
	for (const { item, className } of batch) {
		if (className && !classIds.has(className)) classIds.set(className, (await ensureClass(job.projectId, className)).id);
		const classId = className ? classIds.get(className)! : null;
		groups.set(classId, [...(groups.get(classId) ?? []), item]);
	}
	await addSampleGroups(job.projectId, [...groups].map(([classId, items]) => ({ classId, items })), job.source);
	return batch.length;
}

/** What the browser's intake stores of an image: the re-encoded picture, its thumbnail, the model's input. */
export const decodeInBrowser: DecodeImage = async (file, name) => {
	const r = await intakeImage(file, name);
	return { name: r.name, blob: r.blob, ...(r.thumbnail ? { thumbnail: r.thumbnail } : {}), input: r.input };
};

/** The browser's decoder for the job: sound files are cut into clips, anything else is a picture. */
function decoderFor(job: IntakeJob): DecodeImage {
	const clipSeconds = job.clipSeconds;
	return clipSeconds ? (file, name, decoded) => intakeSound(file, name, clipSeconds, decoded) : decodeInBrowser;
}

/**
 * Imports images (or sounds) whole: each batch decoded (the next one while the last is stored), then stored in
 * one transaction. Ends with exactly one of done, cancelled or failed; a failure (a full disk) keeps
 * every batch stored before it and says how many that was.
 */
export async function runIntake(job: IntakeJob, report: (u: IntakeUpdate) => void, cancelled: () => boolean, decode: DecodeImage = decoderFor(job)): Promise<void> {
	const classIds = new Map<string, string>();
	let stored = 0;
	try {
		const ends = batchEnds(job.files.map((f) => f.file.size));
		let next = decodeBatch(job, 0, ends[0] ?? 0, decode, report);
		for (const [i, end] of ends.entries()) {
			const batch = await next;
			if (cancelled()) return report({ type: 'cancelled', stored });
			if (i + 1 < ends.length) next = decodeBatch(job, end, ends[i + 1]!, decode, report);
			if (batch.length) stored += await store(job, batch, classIds);
			report({ type: 'progress', done: end, total: job.files.length, stored });
		}
		report({ type: 'done', stored });
	} catch (error) {
		// As plain data: a structured clone would keep only a standard error's name, and the page names a full disk by it.
		const { name, message, inner } = error as { name?: string; message?: string; inner?: { name?: string } };
		report({ type: 'failed', stored, error: { name, message, inner: inner && { name: inner.name } } });
	}
}
