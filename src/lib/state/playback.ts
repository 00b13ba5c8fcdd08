import { listenedGains } from '$lib/core/sound/listened';
import { parseWav } from '$lib/core/sound/wav';

let context: AudioContext | undefined;
let playing: AudioBufferSourceNode | undefined;

/**
 * Plays a stored clip (a WAV blob), whole or with the parts its saliency map scores low faded out;
 * starting one stops the one playing. Resolves when it has finished (or was stopped).
 */
export async function playClip(blob: Blob, name: string, map?: Float32Array | null): Promise<void> {
	const { samples, rate } = parseWav(new Uint8Array(await blob.arrayBuffer()), name);
	if (map) {
		const gains = listenedGains(map, samples.length);
		for (let i = 0; i < samples.length; i++) samples[i]! *= gains[i]!;
	}
	context ??= new AudioContext();
	await context.resume();
	const buffer = context.createBuffer(1, samples.length, rate);
	buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
	playing?.stop();
	const source = context.createBufferSource();
	source.buffer = buffer;
	source.connect(context.destination);
	playing = source;
	return new Promise((resolve) => {
		source.onended = () => resolve();
		source.start();
	});
}
