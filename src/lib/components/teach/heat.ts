/** How strongly a painted cell is washed blue, so heat and paint both show. */
const PAINT_WASH = 0.65;

/**
 * Draws a saliency heat map over the model's input into RGBA pixels (one per map value): the input
 * faint (ink 0..255), so the heat (0..1, red) sits on the shape; cells the human painted get a blue
 * wash. Writes in place, allocating nothing: a page of cards redraws its maps after every act.
 */
export function drawHeat(pixels: Uint8ClampedArray, map: Float32Array | null, input?: Uint8Array, painted?: Uint8Array): void {
	for (let p = 0, at = 0; at < pixels.length; p++, at += 4) {
		const heat = map?.[p] ?? 0;
		const base = (255 - ((input?.[p] ?? 0) / 255) * 160) * (1 - heat);
		const wash = painted?.[p] ? PAINT_WASH : 0;
		pixels[at] = (base + 230 * heat) * (1 - wash) + 20 * wash;
		pixels[at + 1] = (base + 40 * heat) * (1 - wash) + 90 * wash;
		pixels[at + 2] = (base + 30 * heat) * (1 - wash) + 230 * wash;
		pixels[at + 3] = 255;
	}
}
