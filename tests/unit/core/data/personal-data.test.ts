import { describe, expect, it } from 'vitest';
import { maskPersonalData, MASK_RULES } from '$lib/core/data/personal-data';

describe('maskPersonalData', () => {
	it.each([
		['Write to jane.doe+field@example.co.uk today', 'Write to [email] today'],
		['Call +44 20 7946 0958 after six', 'Call [phone] after six'],
		['Office (555) 123-4567, ask for Sam', 'Office [phone], ask for Sam'],
		['mobile 0612-345678', 'mobile [phone]'],
		['Card 4111111111111111 was declined', 'Card [number] was declined'],
		['Order 123456 shipped', 'Order [number] shipped']
	])('masks %s', (text, masked) => {
		expect(maskPersonalData(text)).toBe(masked);
	});

	it.each([
		'Saw 3 herons at 10:30 near the old mill',
		'Meeting on 2026-12-02 about plot 42',
		'Price 1 299.00 for 12 units',
		'The @ sign and an email-like word such as user at home',
		'Temperatures 12 14 15 in the morning'
	])('leaves ordinary text alone: %s', (text) => {
		expect(maskPersonalData(text)).toBe(text);
	});

	it('lists each rule with what it catches', () => {
		expect(MASK_RULES.map((r) => r.replacement)).toEqual(['[email]', '[phone]', '[number]']);
		for (const rule of MASK_RULES) expect(rule.catches.length).toBeGreaterThan(5);
	});
});
