/**
 * Slices and the bias audit: the model's accuracy on each slice of the samples (a tag, a folder, a
 * spreadsheet's category), from the labels it was judged on before learning them (audit picks and
 * held-out labels), and a flag on a slice that is significantly worse than the rest.
 *
 * The test: for each slice with enough evidence (MIN_EVIDENCE judged labels in it and outside it),
 * Fisher's exact test, one-sided, of "the slice's error rate is no higher than the rest's", on the
 * 2x2 table slice/rest × right/wrong. The p-values are adjusted for testing many slices at once by
 * Holm's method; a slice is flagged when its adjusted p is under ALPHA.
 */
import type { TabularSchema } from '../data/tabular-schema';
import { auditedAccuracy } from './audit-picks';

export const ALPHA = 0.05;
export const MIN_EVIDENCE = 10;

/** One judged label: whether the model had it right, and the slices its sample is in. */
export interface SliceEvidence {
	slices: readonly string[];
	right: boolean;
}

export interface SliceAccuracy {
	slice: string;
	n: number;
	right: number;
	/** Accuracy and its 95% Wilson interval; null with no evidence. */
	accuracy: { estimate: number; low: number; high: number } | null;
	/** Accuracy on every judged label outside the slice. */
	rest: { n: number; right: number };
	/** Holm-adjusted one-sided p of "no worse than the rest"; null when there is not enough evidence to test. */
	p: number | null;
	flagged: boolean;
	/** How many more judged labels the slice needs before it can be tested (0: tested). */
	needs: number;
}

/** Every slice's accuracy and flag, worst first. */
export function sliceReport(evidence: readonly SliceEvidence[], alpha = ALPHA): SliceAccuracy[] {
	const total = evidence.length;
	const allRight = evidence.filter((e) => e.right).length;
	const bySlice = new Map<string, { n: number; right: number }>();
	for (const e of evidence)
		for (const slice of new Set(e.slices)) {
			const s = bySlice.get(slice) ?? { n: 0, right: 0 };
			s.n++;
			if (e.right) s.right++;
			bySlice.set(slice, s);
		}
	const rows = [...bySlice].map(([slice, { n, right }]) => {
		const rest = { n: total - n, right: allRight - right };
		const testable = n >= MIN_EVIDENCE && rest.n >= MIN_EVIDENCE;
		const raw = testable ? fisherWorse(n - right, n, rest.n - rest.right, rest.n) : null;
		return { slice, n, right, accuracy: auditedAccuracy(right, n), rest, raw, needs: testable ? 0 : Math.max(0, MIN_EVIDENCE - n) };
	});
	const adjusted = holm(rows.map((r) => r.raw));
	return rows
		.map(({ raw: _raw, ...r }, i): SliceAccuracy => ({ ...r, p: adjusted[i]!, flagged: adjusted[i] !== null && adjusted[i]! < alpha }))
		.sort((a, b) => (a.accuracy?.estimate ?? 1) - (b.accuracy?.estimate ?? 1));
}

/**
 * One-sided Fisher exact test: the probability, with the margins fixed, of the slice holding at
 * least `wrongIn` of all the wrong answers (hypergeometric upper tail).
 */
export function fisherWorse(wrongIn: number, nIn: number, wrongOut: number, nOut: number): number {
	const wrong = wrongIn + wrongOut;
	const total = nIn + nOut;
	const logP = (k: number) => logChoose(nIn, k) + logChoose(nOut, wrong - k) - logChoose(total, wrong);
	let p = 0;
	for (let k = wrongIn; k <= Math.min(nIn, wrong); k++) p += Math.exp(logP(k));
	return Math.min(1, p);
}

/** Holm's step-down adjustment; null (untested) stays null. */
export function holm(ps: readonly (number | null)[]): (number | null)[] {
	const tested = ps.flatMap((p, i) => (p === null ? [] : [{ p, i }])).sort((a, b) => a.p - b.p);
	const out: (number | null)[] = ps.map(() => null);
	let running = 0;
	tested.forEach(({ p, i }, rank) => {
		running = Math.max(running, Math.min(1, (tested.length - rank) * p));
		out[i] = running;
	});
	return out;
}

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
	for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
	return logFactorials[n]!;
}

function logChoose(n: number, k: number): number {
	return k < 0 || k > n ? -Infinity : logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/**
 * The slices a sample is in: its tags, and for a spreadsheet row each category column's value
 * ("colour: red"), so every category column is a slice without anyone tagging it.
 */
export function slicesOf(sample: { tags?: readonly string[]; cells?: readonly string[] }, schema: TabularSchema | null | undefined): string[] {
	const columns = (schema?.columns ?? []).flatMap((column, i) => (column.type === 'category' && sample.cells?.[i] ? [columnSlice(column.name, sample.cells[i]!)] : []));
	return [...(sample.tags ?? []), ...columns];
}

export const columnSlice = (column: string, value: string) => `${column}: ${value}`;

/** Whether a slice is a spreadsheet's category value, and which: its column's index and the value. */
export function columnOfSlice(slice: string, schema: TabularSchema | null | undefined): { column: number; value: string } | null {
	const columns = schema?.columns ?? [];
	for (let i = 0; i < columns.length; i++) {
		const prefix = columnSlice(columns[i]!.name, '');
		if (columns[i]!.type === 'category' && slice.startsWith(prefix)) return { column: i, value: slice.slice(prefix.length) };
	}
	return null;
}
