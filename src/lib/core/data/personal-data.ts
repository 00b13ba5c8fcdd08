/**
 * Masking likely personal data in notes: what a notes project shows, exports and learns from when
 * its "mask personal data" setting is on. The rules are listed in the app as they are here, in the
 * order they apply.
 */
export interface MaskRule {
	name: string;
	/** What it catches, in words, for the settings list. */
	catches: string;
	pattern: RegExp;
	replacement: string;
}

export const MASK_RULES: readonly MaskRule[] = [
	{ name: 'E-mail address', catches: 'name@domain.tld', pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu, replacement: '[email]' },
	{
		name: 'Phone number',
		catches: 'seven or more digits written as a phone number: +44 20 7946 0958, (555) 123-4567, 0612-345678',
		pattern: /(?<![\p{L}\p{N}+])\+?(?:\(\d{1,4}\)|\d{1,4})(?:[ .-]?(?:\(\d{1,4}\)|\d{1,4})){2,}(?![\p{L}\p{N}])/gu,
		replacement: '[phone]'
	},
	{ name: 'Long run of digits', catches: 'six or more digits in a row: account, card, ID and order numbers', pattern: /\d{6,}/g, replacement: '[number]' }
];

/** A phone number needs this many digits; fewer is a time, a price or a short code. */
const PHONE_DIGITS = 7;
const DATE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;

/** Whether a match of the phone rule is one: enough digits, written as a phone number (a bare run is the next rule's), not a date. */
function isPhone(match: string): boolean {
	return match.replace(/\D/g, '').length >= PHONE_DIGITS && /[^\d]/.test(match) && !DATE.test(match);
}

/** The text with every likely piece of personal data replaced by what it is ("[email]"). */
export function maskPersonalData(text: string): string {
	let out = text;
	for (const rule of MASK_RULES) out = out.replace(rule.pattern, (match) => (rule.replacement !== '[phone]' || isPhone(match) ? rule.replacement : match));
	return out;
}
