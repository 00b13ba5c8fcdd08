import { INPUT_SIDE } from '../model/input-size';

/**
 * Scales a small square grayscale image (e.g. the 8x8 UCI digits, values 0..max) up to the model's
 * 32x32 bytes with bilinear interpolation, so sketches and digits share one input format.
 */
export function upscaleGray(values: ArrayLike<number>, side: number, max: number): Uint8Array {
	if (values.length !== side * side) throw new Error(`expected ${side * side} values, got ${values.length}`);
	const out = new Uint8Array(INPUT_SIDE * INPUT_SIDE);
	const scale = side / INPUT_SIDE;
	const at = (r: number, c: number) => values[Math.min(side - 1, r) * side + Math.min(side - 1, c)]!;
	for (let y = 0; y < INPUT_SIDE; y++) {
		const sy = Math.max(0, (y + 0.5) * scale - 0.5);
		const y0 = Math.floor(sy);
		const fy = sy - y0;
		for (let x = 0; x < INPUT_SIDE; x++) {
			const sx = Math.max(0, (x + 0.5) * scale - 0.5);
			const x0 = Math.floor(sx);
			const fx = sx - x0;
			const top = at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx;
			const bottom = at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx;
			out[y * INPUT_SIDE + x] = Math.round(((top * (1 - fy) + bottom * fy) / max) * 255);
		}
	}
	return out;
}

export interface DigitRow {
	pixels: number[];
	label: string;
}

/** Parses the digits CSV (p0..p63, label) into rows. */
export function parseDigitsCsv(text: string): DigitRow[] {
	const [header, ...lines] = text.trim().split(/\r?\n/);
	const columns = header!.split(',');
	return lines.map((line) => {
		const cells = line.split(',');
		return { pixels: cells.slice(0, columns.length - 1).map(Number), label: cells[columns.length - 1]!.trim() };
	});
}
