import { describe, expect, it } from 'vitest';
import { IMAGE_CNN, MAX_SHIFT, shifted } from '$lib/core/model/architecture';
import { INPUT_SIDE } from '$lib/core/model/image-input';
import { seededRandom } from '$lib/core/random';

/** A 6x6 block of ink in the middle of a blank 32x32 image. */
function block(): Uint8Array {
	const image = new Uint8Array(INPUT_SIDE * INPUT_SIDE);
	for (let y = 13; y < 19; y++) for (let x = 13; x < 19; x++) image[y * INPUT_SIDE + x] = 200;
	return image;
}

const inkCentre = (image: Uint8Array) => {
	let [sum, cx, cy] = [0, 0, 0];
	image.forEach((v, i) => ((sum += v), (cx += v * (i % INPUT_SIDE)), (cy += v * Math.floor(i / INPUT_SIDE))));
	return { sum, x: cx / sum, y: cy / sum };
};

describe('shifted training images', () => {
	it('move the drawing by at most MAX_SHIFT pixels each way, keeping all of its ink, and in every direction over many draws', () => {
		const random = seededRandom(4);
		const original = inkCentre(block());
		const moves = new Set<string>();
		for (let i = 0; i < 400; i++) {
			const moved = inkCentre(shifted(block(), random));
			const [dx, dy] = [moved.x - original.x, moved.y - original.y];
			expect(moved.sum).toBe(original.sum);
			expect(Math.abs(dx)).toBeLessThanOrEqual(MAX_SHIFT);
			expect(Math.abs(dy)).toBeLessThanOrEqual(MAX_SHIFT);
			moves.add(`${dx},${dy}`);
		}
		expect(moves.size).toBe((2 * MAX_SHIFT + 1) ** 2);
	});

	it('are the same for the same seed, and leave the stored image untouched', () => {
		const image = block();
		const copy = image.slice();

		expect(shifted(image, seededRandom(9))).toEqual(shifted(image, seededRandom(9)));
		expect(image).toEqual(copy);
		expect(IMAGE_CNN.augment).toBeDefined();
	});
});
