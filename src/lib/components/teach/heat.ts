/**
 * One pixel of a saliency heat map drawn over the model's input: the input faint (ink 0..255), so the
 * heat (0..1, red) sits on the shape. RGB, 0..255.
 */
export function heatPixel(heat: number, ink: number): [number, number, number] {
	const base = 255 - (ink / 255) * 160;
	return [base * (1 - heat) + 230 * heat, base * (1 - heat) + 40 * heat, base * (1 - heat) + 30 * heat];
}
