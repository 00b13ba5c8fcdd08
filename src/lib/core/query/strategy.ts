/**
 * Active learning: which unlabelled samples to ask the human about next. Every strategy is one file
 * behind this interface, listed in registry.ts; the learner worker gathers what a strategy needs
 * (probabilities, embeddings, committee votes) and the strategy itself is plain arithmetic.
 */

/** One unlabelled sample, as the model currently sees it. */
export interface Candidate {
	id: string;
	/** The model's class probabilities. */
	probs: Float32Array;
	/** The model's embedding of the sample (its penultimate layer or the extractor's features). */
	embedding?: Float32Array;
	/** Each committee member's class probabilities. */
	votes?: Float32Array[];
	/** How typical of the pool it is (density.ts), measured on the model's backend by the ranking when the strategy needs it. */
	typicality?: number;
	/** How unlike the labelled samples it is (core/quality/novelty.ts); NaN or absent while unmeasured. */
	novelty?: number;
}

export interface QueryContext {
	/** Embeddings of the samples already labelled: "unlike anything labelled yet" is measured against them. */
	labelled: readonly Float32Array[];
	/** How many labels the human has given (the budget-aware default moves on as this grows). */
	labelCount: number;
	classes: number;
	seed: number;
}

/** Why a sample was picked, in terms a sentence can be made of (reasons.ts). */
export type Reason =
	| { kind: 'random' }
	| { kind: 'least-confident'; top: number; p: number }
	| { kind: 'margin'; first: { classIndex: number; p: number }; second: { classIndex: number; p: number } }
	| { kind: 'entropy'; bits: number; maxBits: number }
	| { kind: 'committee'; votes: number[]; members: number; measure: 'vote-entropy' | 'kl-to-consensus'; disagreement: number }
	| { kind: 'novel'; distance: number; typical: number }
	/** Over the novelty threshold (core/quality/novelty.ts): escalated to the human ahead of the strategy's picks. */
	| { kind: 'untaught'; novelty: number };

export interface Picked {
	id: string;
	/** Higher means ask sooner; comparable only within one strategy's picks. */
	score: number;
	reason: Reason;
}

export interface QueryStrategy {
	id: string;
	name: string;
	/**
	 * What the learner must compute for the candidates before this strategy can rank them; `typicality`
	 * says whether it weighs them by it in this context.
	 */
	needs: { embeddings?: boolean; committee?: boolean; typicality?: (context: QueryContext) => boolean };
	/**
	 * The `k` candidates to ask about, best first, never two near-duplicates in one batch. Deterministic
	 * for a given `context.seed`.
	 */
	select(pool: readonly Candidate[], k: number, context: QueryContext): Picked[];
}
