/**
 * A note as a fixed-size vector with no vocabulary to download or fit: word unigrams, word bigrams and
 * character 3- and 4-grams of each word are hashed into TEXT_WIDTH buckets (the hashing trick). Each
 * n-gram also gets a sign from its hash, so two n-grams sharing a bucket cancel on average instead of
 * adding up into a bias (Weinberger et al. 2009). The character n-grams let "fault", "faulty" and
 * "faults" share most of their features, which is what lets a model learn from a handful of labels.
 */

/**
 * 1024, not 2048: a note of 15 words hits about 110 distinct n-grams, so at 1024 buckets a few share one
 * within a note, and signed hashing keeps the collisions across notes unbiased. On the demo notes 2048
 * learned no faster from a few labels (0.72 against 0.70 accuracy after 5 labels a class, 0.83 against
 * 0.84 after 10) while doubling the first layer (64 x width weights) and every stored vector (4 KB a note at 1024).
 */
export const TEXT_WIDTH = 1024;

export interface Token {
	/** As written in the note: `text.slice(start, end)`. */
	text: string;
	start: number;
	end: number;
}

const SCRIPTS_WITHOUT_SPACES = '\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}';
const WORD_CHAR = `(?:(?![${SCRIPTS_WITHOUT_SPACES}])[\\p{L}\\p{N}\\p{M}])`;
/** Runs of letters, digits and combining marks, apostrophes inside; Chinese and Japanese one character each, as they have no spaces. */
const TOKEN = new RegExp(`[${SCRIPTS_WITHOUT_SPACES}]|${WORD_CHAR}+(?:['’]${WORD_CHAR}+)*`, 'gu');

export function tokenize(text: string): Token[] {
	return Array.from(text.matchAll(TOKEN), (m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/**
 * A seed per kind of n-gram, so the word "cat" and the character 3-gram "cat" land apart. All kinds
 * count alike: on the demo notes (12 shuffles, 2, 5 and 10 labels a class, online updates) weighting
 * words over character n-grams did no better, and dropping the character n-grams cost 9 to 13 points.
 */
const SEEDS = { word: 0x9e3779b9, bigram: 0x85ebca6b, chars: 0xc2b2ae35 } as const;
type Kind = keyof typeof SEEDS;

/** One distinct n-gram of a text: where it lands, and the tokens of each place it occurs (one, or two for a bigram). */
interface Feature {
	bucket: number;
	/** What it adds to the bucket before normalising: a sign from its hash x (1 + ln count), so repeats count less and less. */
	value: number;
	occurrences: number[][];
}

export function hashText(text: string): Float32Array {
	const vector = new Float32Array(TEXT_WIDTH);
	for (const f of featuresOf(tokenize(text))) vector[f.bucket]! += f.value;
	let norm = 0;
	for (const v of vector) norm += v * v;
	if (norm > 0) {
		const scale = 1 / Math.sqrt(norm);
		for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
	}
	return vector;
}

/**
 * Maps an attribution over the hashed vector (one value per bucket, e.g. gradient x input) back onto
 * the text's tokens. A bucket's value is shared among the n-grams of this text that land in it, by the
 * size of their contribution; an n-gram's share is split among the places it occurs, a bigram's half
 * to each of its words. Shares go by absolute contribution: signed n-grams sharing a bucket can cancel
 * to nearly zero, and dividing by that would blow the shares up. Buckets the text does not touch are
 * left out, so the scores add up to the map's sum over the buckets the text touches.
 */
export function tokenScores(text: string, featureMap: Float32Array): { start: number; end: number; score: number }[] {
	if (featureMap.length !== TEXT_WIDTH) throw new Error(`a feature map must have ${TEXT_WIDTH} values, not ${featureMap.length}`);
	const tokens = tokenize(text);
	const features = featuresOf(tokens);
	const bucketTotals = new Float64Array(TEXT_WIDTH);
	for (const f of features) bucketTotals[f.bucket]! += Math.abs(f.value);
	const scores = new Float64Array(tokens.length);
	for (const f of features) {
		const share = (featureMap[f.bucket]! * Math.abs(f.value)) / bucketTotals[f.bucket]! / f.occurrences.length;
		for (const occurrence of f.occurrences) for (const t of occurrence) scores[t]! += share / occurrence.length;
	}
	return tokens.map((t, i) => ({ start: t.start, end: t.end, score: scores[i]! }));
}

function featuresOf(tokens: Token[]): Feature[] {
	const occurrences = new Map<string, { kind: Kind; gram: string; at: number[][] }>();
	const add = (kind: Kind, gram: string, at: number[]) => {
		const key = `${kind}\u0000${gram}`;
		const known = occurrences.get(key);
		if (known) known.at.push(at);
		else occurrences.set(key, { kind, gram, at: [at] });
	};
	const words = tokens.map((t) => t.text.normalize('NFC').toLowerCase().replace(/’/g, "'"));
	words.forEach((word, i) => {
		add('word', word, [i]);
		if (i > 0) add('bigram', `${words[i - 1]} ${word}`, [i - 1, i]);
		const chars = Array.from(`<${word}>`); // code points, so no surrogate pair is split
		for (const n of [3, 4]) for (let s = 0; s + n <= chars.length; s++) add('chars', chars.slice(s, s + n).join(''), [i]);
	});
	return Array.from(occurrences.values(), ({ kind, gram, at }) => {
		const hash = mixed(fnv1a(gram, SEEDS[kind]));
		const sign = hash >>> 31 ? -1 : 1; // the top bit; the bucket takes the low ones
		return { bucket: hash & (TEXT_WIDTH - 1) /* the width is a power of two */, value: sign * (1 + Math.log(at.length)), occurrences: at };
	});
}

/** FNV-1a (32-bit) over UTF-16 code units, its offset basis varied by `seed` so each kind of n-gram hashes apart. */
function fnv1a(text: string, seed: number): number {
	let hash = (0x811c9dc5 ^ seed) >>> 0;
	for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
	return hash >>> 0;
}

/** MurmurHash3's finaliser: FNV's low bits follow the last characters closely; this spreads every input bit over all 32. */
function mixed(hash: number): number {
	let h = hash;
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}
