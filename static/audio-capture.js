// The microphone's samples, as they arrive, handed to the page in blocks of 2,048 (a block of 128
// every 2.7 ms at 48 kHz would be too many messages). Plain JavaScript: the browser loads an audio
// worklet as it is, from the app's own origin.
class AttuneCapture extends AudioWorkletProcessor {
	constructor() {
		super();
		this.block = new Float32Array(2048);
		this.filled = 0;
	}

	process(inputs) {
		const channel = inputs[0] && inputs[0][0];
		if (!channel) return true;
		for (let i = 0; i < channel.length; i++) {
			this.block[this.filled++] = channel[i];
			if (this.filled === this.block.length) {
				this.port.postMessage(this.block, [this.block.buffer]);
				this.block = new Float32Array(2048);
				this.filled = 0;
			}
		}
		return true;
	}
}

registerProcessor('attune-capture', AttuneCapture);
