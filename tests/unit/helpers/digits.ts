import { readFileSync } from 'node:fs';
import { parseDigitsCsv, upscaleGray } from '$lib/core/data/digits';
import type { Example } from '$lib/core/model/online-learner';
import type { SessionSample } from '$lib/core/session/types';

/** The digits' classes, by name: class i is the digit i. */
export const DIGIT_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The first `count` UCI digits as 32x32 examples (labels 0-9). */
export function digitExamples(count: number, offset = 0): (Example & { input: Uint8Array })[] {
	const rows = parseDigitsCsv(readFileSync(new URL('../../fixtures/digits.csv', import.meta.url), 'utf8'));
	return rows.slice(offset, offset + count).map((row, i) => ({
		id: `d${offset + i}`,
		input: upscaleGray(row.pixels, 8, 16),
		label: Number(row.label)
	}));
}

/** The first `count` digits as session samples, the first `labelled` of them with their class; `digit` is every one's truth. */
export function digitSamples(count: number, labelled = count): (SessionSample & { digit: string })[] {
	return digitExamples(count).map((e, i) => ({ id: e.id, input: e.input, ...(i < labelled ? { classId: DIGIT_CLASSES[e.label] } : {}), digit: DIGIT_CLASSES[e.label]! }));
}
