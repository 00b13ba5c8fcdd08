import type { Example, OnlineLearner } from '../model/online-learner';
import { topIndex } from './top-class';

/** Share of `examples` whose most probable class (among the first `classes`) is their label. */
export async function accuracy(learner: OnlineLearner, examples: readonly Example[], classes = learner.classes): Promise<number> {
	if (examples.length === 0) return NaN;
	const probs = await learner.predict(examples.map((e) => e.input));
	const width = learner.classes;
	let right = 0;
	examples.forEach((e, i) => {
		if (topIndex(probs, i * width, classes) === e.label) right++;
	});
	return right / examples.length;
}
