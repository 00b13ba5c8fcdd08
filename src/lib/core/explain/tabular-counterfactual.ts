import { cheapestFlip as cheapest, isTop } from './cheapest-flip';
import { formatNumber, isMissing, parseNumber } from '../data/cell-values';
import { encodeCells } from '../data/tabular-encoding';
import type { SchemaColumn, TabularSchema } from '../data/tabular-schema';

export interface CounterfactualChange {
	column: string;
	/** The cell as it is, or "missing". */
	from: string;
	to: string;
}

export interface TabularCounterfactual {
	/** Empty when `target` is already the top class. */
	changes: CounterfactualChange[];
	/** Of the target class, after the changes. */
	probability: number;
}

/** Values tried per number column, evenly over its observed range. */
const NUMBER_STEPS = 16;
/** Columns whose single changes moved the target most, paired when no single change is enough. */
const PAIRED_COLUMNS = 3;

interface Candidate {
	column: number;
	to: string;
	/** How big a change it is: standard deviations for a number, 1 for another category. */
	cost: number;
}

/**
 * "If humidity were 41 instead of 78, it would be class B": the smallest change of one value (else
 * two) that makes `target` the model's top class. Values stay plausible: numbers within the range the
 * column was fitted on, formatted like its cells; categories among its known values. Only two calls
 * to `predict` (every single change in one batch, then the pairs), so a worker round trip is paid
 * twice at most. Null when no such change exists.
 */
export async function tabularCounterfactual(
	schema: TabularSchema,
	cells: readonly string[],
	target: number,
	predict: (inputs: Float32Array[]) => Promise<Float32Array[]>
): Promise<TabularCounterfactual | null> {
	const candidates = schema.columns.flatMap((column, c) => candidatesFor(column, cells[c] ?? '', c));
	const encode = (changes: readonly Candidate[]) => {
		const changed = [...cells];
		for (const change of changes) changed[change.column] = change.to;
		return encodeCells(schema, changed);
	};
	const describe = ({ changes, output }: Tried): TabularCounterfactual => ({
		changes: changes.map((change) => {
			const from = cells[change.column] ?? '';
			return { column: schema.columns[change.column]!.name, from: isMissing(from) ? 'missing' : from, to: change.to };
		}),
		probability: output[target]!
	});

	const [original, ...singleOutputs] = await predict([encode([]), ...candidates.map((candidate) => encode([candidate]))]);
	if (isTop(original!, target)) return { changes: [], probability: original![target]! };
	const singles = candidates.map((candidate, i) => ({ changes: [candidate], output: singleOutputs[i]! }));
	const single = cheapestFlip(singles, target);
	if (single) return describe(single);

	// The target probability each column reaches on its own; the same ranking as by gain over the original.
	const reach = new Map<number, number>();
	for (const { changes, output } of singles) reach.set(changes[0]!.column, Math.max(reach.get(changes[0]!.column) ?? -Infinity, output[target]!));
	const paired = [...reach].sort((a, b) => b[1] - a[1]).slice(0, PAIRED_COLUMNS).map(([column]) => column);
	const pairs: Candidate[][] = [];
	paired.forEach((a, i) =>
		paired.slice(i + 1).forEach((b) => {
			for (const first of candidates.filter((c) => c.column === a)) for (const second of candidates.filter((c) => c.column === b)) pairs.push([first, second]);
		})
	);
	if (pairs.length === 0) return null;
	const pairOutputs = await predict(pairs.map(encode));
	const pair = cheapestFlip(pairs.map((changes, i) => ({ changes, output: pairOutputs[i]! })), target);
	return pair ? describe(pair) : null;
}

interface Tried {
	changes: Candidate[];
	output: Float32Array;
}

function candidatesFor(column: SchemaColumn, cell: string, index: number): Candidate[] {
	if (column.type === 'category') return column.values.filter((value) => value !== cell.trim()).map((to) => ({ column: index, to, cost: 1 }));
	// Dates are left alone: a different day moves year, month and weekday at once, and "had it been
	// another day" is seldom something anyone can act on.
	if (column.type === 'date' || column.max <= column.min) return [];
	// A missing cell is encoded as the mean, so that is where a change starts from.
	const current = (isMissing(cell) ? undefined : parseNumber(cell)) ?? column.mean;
	const seen = new Set<string>();
	const found: Candidate[] = [];
	for (let k = 0; k < NUMBER_STEPS; k++) {
		const to = formatNumber(column.min + ((column.max - column.min) * k) / (NUMBER_STEPS - 1), column.decimals);
		if (seen.has(to) || Number(to) === current) continue;
		seen.add(to);
		found.push({ column: index, to, cost: Math.abs(Number(to) - current) / column.std });
	}
	return found;
}

/** The flip with the smallest total change; of equal ones, the more confident. */
function cheapestFlip(tried: readonly Tried[], target: number): Tried | undefined {
	return cheapest(tried, target, (t) => t.changes.reduce((sum, c) => sum + c.cost, 0));
}
