import * as tf from '@tensorflow/tfjs';

/**
 * Gives `next` (a fresh network of the same architecture, `mapping.length` classes) the weights of
 * `model`: all of them as they are, except the output layer's, whose column for new class i is the
 * old column `mapping[i]`, or `next`'s own fresh one where that is null (a class the model has not seen).
 */
export function copyWithRemappedOutputs(model: tf.LayersModel, next: tf.LayersModel, mapping: readonly (number | null)[]): void {
	tf.tidy(() => {
		const old = model.getWeights();
		const fresh = next.getWeights();
		const last = old.length - 2; // the output layer's kernel, then its bias
		const weights = old.map((w, i) => {
			if (i < last) return w;
			const columns = mapping.map((from, c) => {
				const source = from === null ? fresh[i]! : w;
				const index = from ?? c;
				return w.rank === 2 ? source.slice([0, index], [-1, 1]) : source.slice([index], [1]);
			});
			return tf.concat(columns, w.rank - 1);
		});
		next.setWeights(weights);
	});
}
