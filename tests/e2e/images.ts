import type { Page } from '@playwright/test';
// A plain ES module (with JSDoc types) shared with the benchmarks.
import { makeImages as draw } from '../../bench/shapes.mjs';

export interface TestImage {
	name: string;
	mimeType: string;
	buffer: Buffer;
}

/** PNGs of two visually distinct kinds ("ring", "bars"), drawn by the browser with a little jitter. */
export function makeImages(page: Page, kind: 'ring' | 'bars', count: number, seed = 1): Promise<TestImage[]> {
	return draw(page, kind, count, seed);
}
