import { InputError } from '$lib/core/data/input-error';
import { MAX_SOUND_SECONDS, SOUND_RATE } from '$lib/core/sound/clips';
import { isWav } from '$lib/core/sound/wav';
import type { PendingFile } from './pending-file';

/** What the sound file picker offers: any audio type, and the extensions of the formats the app reads. */
export const SOUND_ACCEPT = 'audio/*,.wav,.mp3,.ogg,.oga,.webm,.m4a,.flac';

/** Whether the page must decode a file (not a WAV, by its type or name): a guess, for grouping only. */
export function needsDecoding(file: { file: Blob; name: string }): boolean {
	return file.file.type !== 'audio/wav' && file.file.type !== 'audio/x-wav' && !/\.wav$/i.test(file.name);
}

/**
 * A sound file as the intake worker takes it: a WAV file as it is (the worker reads it); MP3, OGG, WebM
 * and the rest decoded by the browser (decodeAudioData exists only on the page, and decodes off the
 * page's thread), resampled by it to SOUND_RATE on the way, its channels handed over as they are (the
 * worker mixes them).
 */
export async function readable(pending: PendingFile): Promise<PendingFile> {
	const { file, name } = pending;
	if (file.size === 0) throw new InputError(`“${name}” is empty.`);
	if (isWav(new Uint8Array(await file.slice(0, 12).arrayBuffer()))) return pending;
	let buffer: AudioBuffer;
	try {
		buffer = await new OfflineAudioContext(1, 1, SOUND_RATE).decodeAudioData(await file.arrayBuffer());
	} catch {
		throw new InputError(`“${name}” could not be read as sound: it is not audio (WAV, MP3, OGG or WebM), or it is damaged or truncated.`);
	}
	if (buffer.duration > MAX_SOUND_SECONDS) throw new InputError(`“${name}” lasts ${Math.round(buffer.duration / 60)} minutes: the longest file taken is ${MAX_SOUND_SECONDS / 60} minutes. Cut it into parts.`);
	const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
	return { ...pending, decoded: { channels, rate: buffer.sampleRate } };
}

/** Each file made readable to the worker; one that cannot be is reported by name and left out, and the rest go on. */
export async function readableFiles(files: PendingFile[], onError: (message: string) => void): Promise<PendingFile[]> {
	const out: PendingFile[] = [];
	for (const file of files) {
		try {
			out.push(await readable(file));
		} catch (error) {
			onError(error instanceof InputError ? error.message : `“${file.name}” could not be imported: ${String(error)}`);
		}
	}
	return out;
}
