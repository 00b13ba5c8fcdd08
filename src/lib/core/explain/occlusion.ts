import * as tf from '@tensorflow/tfjs';
import type { Classifier, Explainer } from './explainer';

// Occluded copies per forward pass, fewer for large inputs so a big imported model's batch fits in memory.
const BATCH = 64;
const BATCH_ELEMENTS = 1 << 18;
// Patch positions per side. At half-patch strides an eighth-side patch takes 15 x 15 forward passes,
// about a second for the app's CNN at 32 x 32 on the cpu backend; 11 x 11 takes under half that.
const MAX_POSITIONS = 11;

/** Patch origins along one side, flush with both edges: every half patch, or sparser past MAX_POSITIONS. */
function origins(length: number, size: number): number[] {
	const stride = Math.max(1, Math.floor(size / 2), Math.ceil((length - size) / (MAX_POSITIONS - 1)));
	const found: number[] = [];
	for (let at = 0; at + size < length; at += stride) found.push(at);
	found.push(length - size);
	return found;
}

/** The probability of `classIndex` for each input in a batch. */
async function classProbs(model: Classifier, batch: () => tf.Tensor, classIndex: number): Promise<Float32Array> {
	const probs = tf.tidy(() => {
		const out = model(batch()) as tf.Tensor2D;
		return out.slice([0, classIndex], [out.shape[0], 1]);
	});
	try {
		return (await probs.data()) as Float32Array;
	} finally {
		probs.dispose();
	}
}

/**
 * Occlusion (Zeiler & Fergus 2014): blank (0) a patch, see how much the class probability drops, and
 * credit the drop to the patch's pixels, averaged over the patches covering each. Needs only forward
 * passes, so it explains any model. A feature row [1, features] is occluded one feature at a time: 0 is
 * the mean of a standardised column (and an absent n-gram of a note).
 */
export const occlusion: Explainer = {
	id: 'occlusion',
	name: 'Occlusion',
	async explain(model, input, classIndex) {
		const image = input.rank === 4;
		if (!image && input.rank !== 2) throw new Error(`Occlusion needs [1, h, w, c] or [1, features], got rank ${input.rank}`);
		const [height, width, channels] = image ? (input.shape.slice(1) as [number, number, number]) : [1, input.shape[1]!, 1];
		// A patch about an eighth of the side: big enough to hide a stroke, small enough to locate it.
		const [ph, pw] = image ? [Math.max(1, Math.round(height / 8)), Math.max(1, Math.round(width / 8))] : [1, 1];
		const patches = origins(height, ph).flatMap((y) => origins(width, pw).map((x) => ({ y, x })));
		const pixels = height * width;
		const base = (await classProbs(model, () => input, classIndex))[0]!;
		const drop = new Float32Array(pixels);
		const covered = new Float32Array(pixels);
		const perPass = Math.max(1, Math.min(BATCH, Math.floor(BATCH_ELEMENTS / input.size)));
		for (let from = 0; from < patches.length; from += perPass) {
			const chunk = patches.slice(from, from + perPass);
			// One channel deep: the mask broadcasts over the input's channels.
			const keep = new Float32Array(chunk.length * pixels).fill(1);
			chunk.forEach(({ y, x }, i) => {
				for (let yy = y; yy < y + ph; yy++) keep.fill(0, i * pixels + yy * width + x, i * pixels + yy * width + x + pw);
			});
			const shape = image ? [chunk.length, height, width, 1] : [chunk.length, width];
			const probs = await classProbs(model, () => tf.mul(input, tf.tensor(keep, shape)), classIndex);
			chunk.forEach(({ y, x }, i) => {
				// A picture's patch is credited for what hiding it loses; a row's value for any change, since
				// a value at the column's mean (what occlusion puts there) can be what holds the class back.
				const lost = image ? Math.max(0, base - probs[i]!) : Math.abs(base - probs[i]!);
				for (let yy = y; yy < y + ph; yy++)
					for (let xx = x; xx < x + pw; xx++) {
						drop[yy * width + xx]! += lost;
						covered[yy * width + xx]! += 1;
					}
			});
		}
		const map = new Float32Array(pixels * channels);
		for (let p = 0; p < pixels; p++) map.fill(drop[p]! / covered[p]!, p * channels, (p + 1) * channels);
		return map;
	}
};
