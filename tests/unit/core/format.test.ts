import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes } from '$lib/core/format';

describe('formatBytes', () => {
	it.each([
		[undefined, 'unknown'],
		[512, '512 B'],
		[1536, '1.5 KB'],
		[5 * 1024 ** 3, '5.0 GB'],
		[300 * 1024 ** 2, '300 MB']
	])('%s bytes reads %s', (bytes, text) => {
		expect(formatBytes(bytes)).toBe(text);
	});
});

describe('formatAgo', () => {
	it.each([
		[10_000, 'just now'],
		[5 * 60_000, '5 min ago'],
		[3 * 3_600_000, '3 h ago'],
		[30 * 3_600_000, 'yesterday'],
		[4 * 86_400_000, '4 days ago']
	])('%i ms ago reads %s', (ago, text) => {
		expect(formatAgo(1_000_000_000 - ago, 1_000_000_000)).toBe(text);
	});
});
