/**
 * Resolves in a later task of the event loop, so messages waiting for this thread (the human's next
 * act, in a worker) are received first. A message channel, not setTimeout: browsers hold nested
 * timeouts back by 4 ms each.
 */
export function nextTask(): Promise<void> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}

/**
 * Runs a learner's steps (a generator that pauses before each) to the end, unless `shouldStop` says so
 * before one; false if it stopped. Waiting events are let in before each step: on WASM and CPU a step
 * never truly waits (reading its loss resolves at once), so without this a worker would not even
 * receive the human's next act, the message that stops the loop, until the whole loop was done
 * (measured with update-latency on WASM: 16 idle steps put the next act at p50 1,853 ms, not 258).
 */
export async function drive(steps: AsyncGenerator<void, unknown>, shouldStop: () => boolean): Promise<boolean> {
	for await (const _ of steps) {
		await nextTask();
		if (shouldStop()) return false;
	}
	return true;
}
