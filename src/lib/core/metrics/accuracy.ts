import type { Example, OnlineLearner } from '../model/online-learner';

/** Share of `examples` whose most probable class (among the first `classes`) is their label. */
export async function accuracy(learner: OnlineLearner, examples: readonly Example[], classes = learner.classes): Promise<number> {
	if (examples.length === 0) return NaN;
	const probs = await learner.predict(examples.map((e) => e.input));
	const width = learner.classes;
	let right = 0;
	examples.forEach((e, i) => {
		let best = 0;
		for (let c = 1; c < classes; c++) if (probs[i * width + c]! > probs[i * width + best]!) best = c;
		if (best === e.label) right++;
	});
	return right / examples.length;
}
