import * as tf from '@tensorflow/tfjs';

import { INPUT_SIDE } from './input-size';

export { INPUT_SIDE };
export const INPUT_SHAPE = [INPUT_SIDE, INPUT_SIDE, 1] as const;

/** A batch tensor [n, 32, 32, 1] scaled to 0..1 from per-sample byte arrays. */
export function inputBatch(inputs: readonly Uint8Array[]): tf.Tensor4D {
	const side = INPUT_SIDE * INPUT_SIDE;
	const values = new Float32Array(inputs.length * side);
	inputs.forEach((input, i) => {
		if (input.length !== side) throw new Error(`a model input must have ${side} pixels, not ${input.length}`);
		for (let p = 0; p < side; p++) values[i * side + p] = input[p]! / 255;
	});
	return tf.tensor4d(values, [inputs.length, INPUT_SIDE, INPUT_SIDE, 1]);
}
