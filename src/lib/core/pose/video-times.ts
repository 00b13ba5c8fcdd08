/**
 * The moments of a video read as poses: one every `interval` seconds from the start, as long as a
 * frame is left to show. A video of 1.9 s read every second gives 0:00 and 0:01; flooring the length
 * (the first version) gave 0:00 alone, so a short clip lost its second half.
 */
export const LAST_FRAME_MARGIN_S = 0.05;

export function videoFrameTimes(durationSeconds: number, intervalSeconds: number): number[] {
	if (!(durationSeconds > 0) || !Number.isFinite(durationSeconds) || !(intervalSeconds > 0)) return [0];
	const last = Math.max(0, durationSeconds - LAST_FRAME_MARGIN_S);
	const times: number[] = [];
	// Whole multiples, so 0.5 s steps name 0:01.5 and not 0:01.4999.
	for (let k = 0; k * intervalSeconds <= last + 1e-9; k++) times.push(Math.round(k * intervalSeconds * 1000) / 1000);
	return times;
}

/** How a moment of a video is named to the human: "0:03", "1:07", "0:01.5". */
export function videoClock(seconds: number): string {
	const inTenths = Math.round(seconds * 10);
	const [s, tenths] = [Math.floor(inTenths / 10), inTenths % 10];
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}${tenths ? `.${tenths}` : ''}`;
}
