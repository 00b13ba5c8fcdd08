import { InputError } from '../data/input-error';

/** Mono audio as the app keeps it: samples in -1..1 and how many there are per second. */
export interface Pcm {
	samples: Float32Array;
	rate: number;
}

const PCM = 1;
const FLOAT = 3;
const EXTENSIBLE = 0xfffe;

function text(bytes: Uint8Array, at: number): string {
	return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/** True when the bytes begin as a RIFF WAVE file does. */
export function isWav(head: Uint8Array): boolean {
	return head.length >= 12 && text(head, 0) === 'RIFF' && text(head, 8) === 'WAVE';
}

interface Format {
	code: number;
	channels: number;
	rate: number;
	bits: number;
}

function readFormat(view: DataView, at: number, name: string): Format {
	const format = { code: view.getUint16(at, true), channels: view.getUint16(at + 2, true), rate: view.getUint32(at + 4, true), bits: view.getUint16(at + 14, true) };
	// WAVE_FORMAT_EXTENSIBLE names the real encoding in the first two bytes of its sub-format GUID.
	if (format.code === EXTENSIBLE && view.byteLength >= at + 26) format.code = view.getUint16(at + 24, true);
	if (format.rate === 0) throw new InputError(`“${name}” says its sample rate is 0: it cannot be played.`);
	if (format.channels === 0) throw new InputError(`“${name}” has no audio channels.`);
	const known = (format.code === PCM && [8, 16, 24, 32].includes(format.bits)) || (format.code === FLOAT && [32, 64].includes(format.bits));
	if (!known) throw new InputError(`“${name}” is a WAV file in an encoding the app cannot read (format ${format.code}, ${format.bits} bits): save it as 16-bit PCM.`);
	return format;
}

function sampleAt(view: DataView, at: number, { code, bits }: Format): number {
	if (code === FLOAT) return bits === 32 ? view.getFloat32(at, true) : view.getFloat64(at, true);
	if (bits === 8) return (view.getUint8(at) - 128) / 128;
	if (bits === 16) return view.getInt16(at, true) / 32768;
	if (bits === 24) return ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608);
	return view.getInt32(at, true) / 2147483648;
}

/**
 * Reads a WAV file (PCM 8/16/24/32-bit or float 32/64, any number of channels) into mono: the channels
 * are averaged. A file cut short keeps the whole frames it has; one with no frames at all is refused.
 */
export function parseWav(bytes: Uint8Array, name: string): Pcm {
	if (bytes.length === 0) throw new InputError(`“${name}” is empty.`);
	if (!isWav(bytes)) throw new InputError(`“${name}” is not a WAV file.`);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let format: Format | undefined;
	for (let at = 12; at + 8 <= bytes.length; ) {
		const id = text(bytes, at);
		const size = view.getUint32(at + 4, true);
		if (id === 'fmt ' && at + 24 <= bytes.length) format = readFormat(view, at + 8, name);
		if (id === 'data') {
			if (!format) throw new InputError(`“${name}” has its audio before its format: the file is damaged.`);
			return frames(view, at + 8, Math.min(size, bytes.length - at - 8), format, name);
		}
		at += 8 + size + (size % 2);
	}
	throw new InputError(`“${name}” has no audio in it (no data chunk): it may be truncated.`);
}

function frames(view: DataView, start: number, size: number, format: Format, name: string): Pcm {
	const width = format.bits / 8;
	const frameBytes = width * format.channels;
	const count = Math.floor(size / frameBytes);
	if (count === 0) throw new InputError(`“${name}” has no audio in it: it is empty or truncated.`);
	const samples = new Float32Array(count);
	for (let i = 0; i < count; i++) {
		let sum = 0;
		for (let c = 0; c < format.channels; c++) sum += sampleAt(view, start + i * frameBytes + c * width, format);
		samples[i] = sum / format.channels;
	}
	return { samples, rate: format.rate };
}

/** A 16-bit PCM mono WAV file of the samples (clipped to -1..1): what a stored clip and an export hold. */
export function encodeWav({ samples, rate }: Pcm): Uint8Array {
	const bytes = new Uint8Array(44 + samples.length * 2);
	const view = new DataView(bytes.buffer);
	const put = (at: number, s: string) => [...s].forEach((ch, i) => (bytes[at + i] = ch.charCodeAt(0)));
	put(0, 'RIFF');
	view.setUint32(4, 36 + samples.length * 2, true);
	put(8, 'WAVE');
	put(12, 'fmt ');
	view.setUint32(16, 16, true);
	view.setUint16(20, PCM, true);
	view.setUint16(22, 1, true);
	view.setUint32(24, rate, true);
	view.setUint32(28, rate * 2, true);
	view.setUint16(32, 2, true);
	view.setUint16(34, 16, true);
	put(36, 'data');
	view.setUint32(40, samples.length * 2, true);
	for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), true);
	return bytes;
}
