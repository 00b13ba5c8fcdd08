import { readFileSync } from 'node:fs';
import { parseDigitsCsv, upscaleGray } from '$lib/core/data/digits';
import type { Example } from '$lib/core/model/online-learner';

/** The first `count` UCI digits as 32x32 examples (labels 0-9). */
export function digitExamples(count: number, offset = 0): (Example & { input: Uint8Array })[] {
	const rows = parseDigitsCsv(readFileSync(new URL('../../fixtures/digits.csv', import.meta.url), 'utf8'));
	return rows.slice(offset, offset + count).map((row, i) => ({
		id: `d${offset + i}`,
		input: upscaleGray(row.pixels, 8, 16),
		label: Number(row.label)
	}));
}
