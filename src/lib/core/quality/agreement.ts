/**
 * How far a class's members agree. Per sample: the votes, the majority's share and whether the top
 * two are tied (a decision is needed). For the class: Fleiss' κ when every sample has the same number
 * of votes, else Krippendorff's α (nominal), which allows members to label different subsets. Both
 * compare the agreement seen with what labels given at random with the same frequencies would reach:
 * 1 is perfect, 0 is chance.
 */

/** One sample's votes: how many members gave each label. */
export type VoteCounts = ReadonlyMap<string, number>;

export interface SampleAgreement {
	votes: number;
	/** The label most members gave; null when none or tied. */
	majority: string | null;
	/** The majority's share of the votes (the tied labels' share when tied), 0..1. */
	share: number;
	/** Two or more labels have the most votes: the teacher must decide. */
	tie: boolean;
}

export interface ClassAgreement {
	measure: 'fleiss-kappa' | 'krippendorff-alpha';
	value: number;
	/** Samples with two votes or more, the only ones the figure is taken over. */
	samples: number;
}

export function countVotes(labels: Iterable<string>): Map<string, number> {
	const counts = new Map<string, number>();
	for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
	return counts;
}

export function sampleAgreement(counts: VoteCounts): SampleAgreement {
	let votes = 0;
	let top = 0;
	let second = 0;
	let majority: string | null = null;
	for (const [label, n] of counts) {
		votes += n;
		if (n > top) {
			second = top;
			top = n;
			majority = label;
		} else if (n > second) second = n;
	}
	const tie = votes > 1 && top === second;
	return { votes, majority: tie ? null : majority, share: votes ? top / votes : 0, tie };
}

/** Most disputed first: ties, then the smallest majority, then the most votes (the most people disagreeing). */
export function byDispute(a: SampleAgreement, b: SampleAgreement): number {
	return Number(b.tie) - Number(a.tie) || a.share - b.share || b.votes - a.votes;
}

/** Fleiss' κ over samples that all have the same number of votes (≥ 2); null otherwise. */
export function fleissKappa(items: readonly VoteCounts[]): number | null {
	const rated = items.filter((c) => total(c) >= 2);
	if (!rated.length) return null;
	const m = total(rated[0]!);
	if (rated.some((c) => total(c) !== m)) return null;
	const categoryTotals = new Map<string, number>();
	let meanAgreement = 0;
	for (const counts of rated) {
		let pairs = 0;
		for (const [label, n] of counts) {
			pairs += n * (n - 1);
			categoryTotals.set(label, (categoryTotals.get(label) ?? 0) + n);
		}
		meanAgreement += pairs / (m * (m - 1)) / rated.length;
	}
	const all = m * rated.length;
	let chance = 0;
	for (const n of categoryTotals.values()) chance += (n / all) ** 2;
	return chance === 1 ? (meanAgreement === 1 ? 1 : 0) : (meanAgreement - chance) / (1 - chance);
}

/** Krippendorff's α for nominal labels, from the coincidence matrix; samples with one vote carry no pairs and are left out. */
export function krippendorffAlpha(items: readonly VoteCounts[]): number | null {
	const totals = new Map<string, number>();
	let agreeing = 0;
	let n = 0;
	for (const counts of items) {
		const m = total(counts);
		if (m < 2) continue;
		for (const [label, k] of counts) {
			totals.set(label, (totals.get(label) ?? 0) + k);
			agreeing += (k * (k - 1)) / (m - 1);
		}
		n += m;
	}
	if (n === 0) return null;
	const observedDisagreement = (n - agreeing) / n;
	let sameByChance = 0;
	for (const k of totals.values()) sameByChance += k * (k - 1);
	const expectedDisagreement = (n * (n - 1) - sameByChance) / (n * (n - 1));
	if (expectedDisagreement === 0) return observedDisagreement === 0 ? 1 : 0;
	return 1 - observedDisagreement / expectedDisagreement;
}

/** The class's figure: Fleiss' κ where every sample has as many votes, else Krippendorff's α. */
export function classAgreement(items: readonly VoteCounts[]): ClassAgreement | null {
	const rated = items.filter((c) => total(c) >= 2);
	const kappa = fleissKappa(rated);
	if (kappa !== null) return { measure: 'fleiss-kappa', value: kappa, samples: rated.length };
	const alpha = krippendorffAlpha(rated);
	return alpha === null ? null : { measure: 'krippendorff-alpha', value: alpha, samples: rated.length };
}

function total(counts: VoteCounts): number {
	let sum = 0;
	for (const n of counts.values()) sum += n;
	return sum;
}
