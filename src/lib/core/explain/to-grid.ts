/**
 * Resamples an attribution map over an h x w x c input to a side x side grid (summing channels,
 * averaging the pixels under each cell, or repeating them when the input is smaller), scaled to 0..1,
 * so every model's saliency is shown the same way.
 */
export function toGrid(map: Float32Array, height: number, width: number, channels: number, side: number): Float32Array {
	const span = (cell: number, length: number) => {
		const from = Math.floor((cell * length) / side);
		return [from, Math.max(from + 1, Math.floor(((cell + 1) * length) / side))] as const;
	};
	const grid = new Float32Array(side * side);
	let max = 0;
	for (let gy = 0; gy < side; gy++) {
		const [y0, y1] = span(gy, height);
		for (let gx = 0; gx < side; gx++) {
			const [x0, x1] = span(gx, width);
			let sum = 0;
			for (let y = y0; y < y1; y++)
				for (let x = x0; x < x1; x++) for (let c = 0; c < channels; c++) sum += map[(y * width + x) * channels + c]!;
			const value = sum / ((y1 - y0) * (x1 - x0));
			grid[gy * side + gx] = value;
			max = Math.max(max, value);
		}
	}
	if (max > 0) for (let i = 0; i < grid.length; i++) grid[i]! /= max;
	return grid;
}
