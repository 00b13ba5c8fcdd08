/**
 * How a spreadsheet cell's text is read: missing, a number, a date. Profiling, fitting, encoding and
 * checking a cell all go through here, so a cell counts the same everywhere.
 */

/** Spellings spreadsheets and statistics packages use for "no value". */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', '?', '-']);

export function isMissing(cell: string | undefined): boolean {
	return cell === undefined || MISSING.has(cell.trim().toLowerCase());
}

/** Plain decimal notation only: Number() would also take "0x1F", "Infinity" and "  ", which are not measurements. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The cell's number, or undefined when it is not one (missing cells included). */
export function parseNumber(cell: string): number | undefined {
	const text = cell.trim();
	if (!NUMBER.test(text)) return undefined;
	const value = Number(text);
	return Number.isFinite(value) ? value : undefined;
}

/** Digits after the decimal point as written, so a suggested value can be shown like the column's own. */
export function decimalsOf(cell: string): number {
	const match = /\.(\d+)(?:[eE]|$)/.exec(cell.trim());
	return match ? Math.min(match[1]!.length, 6) : 0;
}

export function formatNumber(value: number, decimals: number): string {
	return value.toFixed(Math.max(0, Math.min(decimals, 20)));
}

export interface DateParts {
	year: number;
	month: number;
	day: number;
	/** 0 = Sunday, as Date.getUTCDay. */
	weekday: number;
	hour: number;
	hasTime: boolean;
	/** Sortable and readable: YYYY-MM-DD, or YYYY-MM-DDTHH:MM when the cell had a time. */
	iso: string;
}

/**
 * Only unambiguous spellings: 03/04/2020 is March in one country and April in another, so D/M/Y-ish
 * cells stay text rather than being guessed. A time zone suffix is accepted but ignored: the parts
 * are the wall-clock ones the sheet shows, which is what a reader of the sheet means by "8 o'clock".
 */
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASH_DATE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;

export function parseDate(cell: string): DateParts | undefined {
	const text = cell.trim();
	const match = ISO_DATE.exec(text) ?? SLASH_DATE.exec(text);
	if (!match) return undefined;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const hasTime = match[4] !== undefined;
	const hour = hasTime ? Number(match[4]) : 0;
	const minute = hasTime ? Number(match[5]) : 0;
	if (hour > 23 || minute > 59) return undefined;
	const date = new Date(Date.UTC(year, month - 1, day));
	// Date.UTC rolls 2021-02-30 over to March; a date that does not survive the round trip was not one.
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
	const pad = (n: number) => String(n).padStart(2, '0');
	const iso = `${year}-${pad(month)}-${pad(day)}${hasTime ? `T${pad(hour)}:${pad(minute)}` : ''}`;
	return { year, month, day, weekday: date.getUTCDay(), hour, hasTime, iso };
}

/** "5, 9 and 12"; long lists end with "and N more" so a note stays one line. */
export function listInWords(items: readonly (string | number)[], shown = 5): string {
	const head = items.slice(0, shown).map(String);
	const rest = items.length - head.length;
	if (rest > 0) return `${head.join(', ')} and ${rest} more`;
	return head.length < 2 ? head.join('') : `${head.slice(0, -1).join(', ')} and ${head.at(-1)}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
	return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
