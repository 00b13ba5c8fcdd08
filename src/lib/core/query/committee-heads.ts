import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../random';

export const COMMITTEE_SIZE = 5;
const STEPS = 40;
const LEARNING_RATE = 0.05;

/**
 * The committee for query-by-committee: K softmax heads on the model's embeddings, each trained on a
 * bootstrap resample of the labelled samples, so they agree where the labels pin the answer down and
 * disagree where they do not.
 */
export class Committee {
	private constructor(private readonly members: tf.Sequential[]) {}

	static async train(embeddings: readonly Float32Array[], labels: readonly number[], classes: number, seed: number, size = COMMITTEE_SIZE): Promise<Committee> {
		const width = embeddings[0]?.length ?? 0;
		const random = seededRandom(seed);
		const members: tf.Sequential[] = [];
		for (let m = 0; m < size; m++) {
			const head = tf.sequential({
				layers: [tf.layers.dense({ inputShape: [width], units: Math.max(2, classes), activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + m }) })]
			});
			const picks = embeddings.map(() => Math.floor(random() * embeddings.length));
			const xs = tf.tensor2d(Float32Array.from(picks.flatMap((i) => Array.from(embeddings[i]!))), [picks.length, width]);
			const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(picks.map((i) => labels[i]!), 'int32'), Math.max(2, classes)));
			const optimizer = tf.train.adam(LEARNING_RATE);
			const variables = head.trainableWeights.map((w) => w.read() as tf.Variable);
			for (let s = 0; s < STEPS; s++) {
				optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, tf.log(tf.clipByValue(head.apply(xs) as tf.Tensor, 1e-7, 1))) as tf.Scalar, false, variables);
			}
			optimizer.dispose();
			tf.dispose([xs, ys]);
			members.push(head);
		}
		return new Committee(members);
	}

	/** Each member's class probabilities for each embedding: result[candidate][member]. */
	async vote(embeddings: readonly Float32Array[]): Promise<Float32Array[][]> {
		if (embeddings.length === 0) return [];
		const width = embeddings[0]!.length;
		const xs = tf.tensor2d(Float32Array.from(embeddings.flatMap((e) => Array.from(e))), [embeddings.length, width]);
		try {
			const outputs = await Promise.all(this.members.map(async (head) => {
				const probs = tf.tidy(() => head.predict(xs) as tf.Tensor2D);
				const values = (await probs.data()) as Float32Array;
				const classes = probs.shape[1];
				probs.dispose();
				return { values, classes };
			}));
			return embeddings.map((_, i) => outputs.map(({ values, classes }) => values.slice(i * classes, (i + 1) * classes)));
		} finally {
			xs.dispose();
		}
	}

	dispose(): void {
		for (const m of this.members) m.dispose();
	}
}
