// The hand-over's rule on its own, without the networks: the Model panel says what it decided.

/** A cross-validation's figures: each network's held-out labels answered rightly, and its mean log loss on them. */
export interface HandOverCheck {
	live: number;
	next: number;
	liveLoss: number;
	nextLoss: number;
}

/**
 * Whether the new network earned the hand-over: more held-out labels right, and a lower log loss. A
 * network that is right more often but sure of its wrong answers would have the app auto-accept them:
 * on cifar10-train-100 the MLP head took over at 40 labels on two seeds of three on the count alone,
 * and at 50 labels 38 of its 73 auto-accepted photos were wrong.
 */
export function earnsHandOver({ live, next, liveLoss, nextLoss }: HandOverCheck): boolean {
	return next > live && nextLoss < liveLoss;
}
