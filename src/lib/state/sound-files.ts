import { InputError } from '$lib/core/data/input-error';
import { MAX_SOUND_SECONDS, SOUND_RATE } from '$lib/core/sound/clips';
import { encodeWav, isWav } from '$lib/core/sound/wav';
/** A file to import, as ImportState takes it (kept here too, so neither module imports the other). */
export interface SoundFile {
	file: Blob;
	name: string;
	className?: string | null;
	tags?: string[];
}

/** Extensions a sound file may have, for the file picker and for telling sounds from other files in a folder. */
export const SOUND_ACCEPT = 'audio/*,.wav,.mp3,.ogg,.oga,.webm,.m4a,.flac';

/** The channels of a decoded sound, averaged to one. */
function mono(buffer: AudioBuffer): Float32Array {
	const out = new Float32Array(buffer.length);
	for (let c = 0; c < buffer.numberOfChannels; c++) {
		const channel = buffer.getChannelData(c);
		for (let i = 0; i < out.length; i++) out[i]! += channel[i]! / buffer.numberOfChannels;
	}
	return out;
}

/**
 * A sound file as WAV, which the intake worker reads: a WAV file as it is; MP3, OGG, WebM and the rest
 * decoded by the browser (decodeAudioData exists only on the page, and decodes off the page's thread)
 * and resampled by it to SOUND_RATE on the way.
 */
export async function asWav(pending: SoundFile): Promise<SoundFile> {
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
	const wav = encodeWav({ samples: mono(buffer), rate: buffer.sampleRate });
	return { ...pending, file: new Blob([wav as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }) };
}

/** Each file as WAV; one that cannot be is reported by name and left out, and the rest go on. */
export async function asWavFiles(files: SoundFile[], onError: (message: string) => void): Promise<SoundFile[]> {
	const out: SoundFile[] = [];
	for (const file of files) {
		try {
			out.push(await asWav(file));
		} catch (error) {
			onError(error instanceof InputError ? error.message : `“${file.name}” could not be imported: ${String(error)}`);
		}
	}
	return out;
}
