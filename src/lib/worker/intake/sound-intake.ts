import { InputError } from '$lib/core/data/input-error';
import { checkSound, cutClips, SOUND_RATE } from '$lib/core/sound/clips';
import { spectrogramInput } from '$lib/core/sound/log-mel';
import { resample } from '$lib/core/sound/resample';
import { encodeWav, isWav, parseWav, type Pcm } from '$lib/core/sound/wav';
import type { DecodedSound } from './intake-protocol';
import type { NewSample } from '$lib/storage/samples';

/** The waveform thumbnail's size: as wide as a card's picture, half as high. */
const WAVE_WIDTH = 144;
const WAVE_HEIGHT = 72;

/** The clip's waveform as a PNG: each column's lowest and highest sample, as a recorder's display draws it. */
export async function waveformPng(clip: Float32Array): Promise<Blob> {
	const canvas = new OffscreenCanvas(WAVE_WIDTH, WAVE_HEIGHT);
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('This browser cannot draw off screen (no 2D OffscreenCanvas).');
	ctx.fillStyle = '#eef2f7';
	ctx.fillRect(0, 0, WAVE_WIDTH, WAVE_HEIGHT);
	ctx.fillStyle = '#1d4f91';
	const per = clip.length / WAVE_WIDTH;
	for (let x = 0; x < WAVE_WIDTH; x++) {
		let [low, high] = [0, 0];
		for (let i = Math.floor(x * per); i < Math.floor((x + 1) * per); i++) [low, high] = [Math.min(low, clip[i]!), Math.max(high, clip[i]!)];
		const top = ((1 - high) / 2) * WAVE_HEIGHT;
		ctx.fillRect(x, top, 1, Math.max(1, ((high - low) / 2) * WAVE_HEIGHT));
	}
	return canvas.convertToBlob({ type: 'image/png' });
}

/** A decoded sound's channels, averaged to one. */
function mono({ channels, rate }: DecodedSound): Pcm {
	const samples = new Float32Array(channels[0]?.length ?? 0);
	for (const channel of channels) for (let i = 0; i < samples.length; i++) samples[i]! += channel[i]! / channels.length;
	return { samples, rate };
}

/** A WAV file's sound, read here. */
async function readWav(file: Blob, name: string): Promise<Pcm> {
	const bytes = new Uint8Array(await file.arrayBuffer());
	if (bytes.length === 0) throw new InputError(`“${name}” is empty.`);
	if (!isWav(bytes)) throw new InputError(`“${name}” is not a sound file the app can read (WAV, MP3, OGG or WebM).`);
	return parseWav(bytes, name);
}

/**
 * One sound file as stored clips: read (a WAV here; other formats arrive `decoded` by the page, whose
 * decoder only exists there), checked, resampled to SOUND_RATE, cut into clips. Each clip keeps its
 * audio as a 16-bit WAV, its waveform as the thumbnail and its spectrogram as the model's input.
 */
export async function intakeSound(file: Blob, name: string, clipSeconds: number, decoded?: DecodedSound): Promise<NewSample[]> {
	const pcm = decoded ? mono(decoded) : await readWav(file, name);
	checkSound(pcm, name);
	const clips = cutClips(resample(pcm.samples, pcm.rate, SOUND_RATE), clipSeconds, name);
	return Promise.all(
		clips.map(async (clip, i) => ({
			name: clips.length === 1 ? name : `${name} (${i + 1} of ${clips.length})`,
			blob: new Blob([encodeWav({ samples: clip, rate: SOUND_RATE }) as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }),
			thumbnail: await waveformPng(clip),
			input: spectrogramInput(clip),
			seconds: clipSeconds
		}))
	);
}
