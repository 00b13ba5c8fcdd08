import { InputError } from '$lib/core/data/input-error';

/**
 * The microphone, open while something listens: its samples at the device's rate, block by block,
 * to each listener. Echo cancellation, noise suppression and gain control are off: they are made for
 * calls, and they would change a clap or a bird call before the model heard it.
 */
export class Microphone {
	open = $state(false);
	/** The loudness of the last block, 0..1, for a level meter. */
	level = $state(0);
	rate = 0;
	private stream: MediaStream | null = null;
	private context: AudioContext | null = null;
	private readonly listeners = new Set<(block: Float32Array) => void>();
	private readonly endListeners = new Set<() => void>();

	/** Opens the microphone; throws an InputError that says what went wrong, in words for the user. */
	async start(): Promise<void> {
		if (this.open) return;
		try {
			this.stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false }, video: false });
		} catch (error) {
			throw new InputError(describeMicError(error));
		}
		this.context = new AudioContext();
		this.rate = this.context.sampleRate;
		await this.context.audioWorklet.addModule('/audio-capture.js');
		const node = new AudioWorkletNode(this.context, 'attune-capture');
		node.port.onmessage = ({ data }: MessageEvent<Float32Array>) => this.heard(data);
		this.context.createMediaStreamSource(this.stream).connect(node);
		// A worklet runs only while its graph reaches the output; a muted gain keeps it running silently.
		const mute = this.context.createGain();
		mute.gain.value = 0;
		node.connect(mute).connect(this.context.destination);
		for (const track of this.stream.getAudioTracks()) track.addEventListener('ended', () => this.ended());
		this.open = true;
	}

	/** Calls `listener` with every block until the returned function is called. */
	listen(listener: (block: Float32Array) => void, onEnded?: () => void): () => void {
		this.listeners.add(listener);
		if (onEnded) this.endListeners.add(onEnded);
		return () => {
			this.listeners.delete(listener);
			if (onEnded) this.endListeners.delete(onEnded);
			if (this.listeners.size === 0) this.stop();
		};
	}

	stop(): void {
		for (const track of this.stream?.getTracks() ?? []) track.stop();
		void this.context?.close();
		[this.stream, this.context, this.open, this.level] = [null, null, false, 0];
	}

	private heard(block: Float32Array): void {
		let peak = 0;
		for (let i = 0; i < block.length; i++) peak = Math.max(peak, Math.abs(block[i]!));
		this.level = peak;
		for (const listener of this.listeners) listener(block);
	}

	/** The device went away (unplugged, turned off, taken by the system): every listener is told. */
	private ended(): void {
		const told = [...this.endListeners];
		this.listeners.clear();
		this.endListeners.clear();
		this.stop();
		for (const onEnded of told) onEnded();
	}
}

function describeMicError(error: unknown): string {
	const name = (error as { name?: string }).name;
	if (name === 'NotAllowedError' || name === 'SecurityError') return 'Microphone access was refused. Allow the microphone for this site in the browser’s settings, or add sound files.';
	if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No microphone was found on this device. Plug one in, or add sound files.';
	if (name === 'NotReadableError') return 'The microphone is in use by another app or could not be started.';
	return `The microphone could not start (${name ?? 'unknown error'}).`;
}

/** Blocks joined into one run of samples. */
export function joined(blocks: readonly Float32Array[]): Float32Array {
	const out = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
	let at = 0;
	for (const block of blocks) (out.set(block, at), (at += block.length));
	return out;
}
