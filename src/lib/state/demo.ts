import { parseDigitsCsv, upscaleGray } from '$lib/core/data/digits';
import { addClass } from '$lib/storage/classes';
import { createProject } from '$lib/storage/projects';
import { addSamples, type NewSample } from '$lib/storage/samples';

const SIDE = 8;
const MAX = 16;
const SHOWN = 64; // px of the stored picture: the 8x8 digit, scaled up crisply

/** Draws an 8x8 digit (ink 0..16) as dark strokes on white, the way a person would see it. */
async function digitPicture(pixels: number[]): Promise<Blob> {
	const small = new OffscreenCanvas(SIDE, SIDE);
	const image = new ImageData(SIDE, SIDE);
	pixels.forEach((v, i) => {
		const gray = Math.round(255 - (v / MAX) * 255);
		image.data.set([gray, gray, gray, 255], i * 4);
	});
	small.getContext('2d')!.putImageData(image, 0, 0);
	const big = new OffscreenCanvas(SHOWN, SHOWN);
	const ctx = big.getContext('2d')!;
	ctx.imageSmoothingEnabled = false;
	ctx.drawImage(small, 0, 0, SHOWN, SHOWN);
	return big.convertToBlob({ type: 'image/png' });
}

/**
 * "Teach it digits": a project with classes 0-9 and a few hundred public handwritten digits, all
 * unlabelled, so a newcomer sees suggestions at once and watches the model learn as they correct it.
 * Works offline: the CSV is part of the app (and its precache).
 */
export async function createDigitsDemo(): Promise<string> {
	const response = await fetch('/demo/digits.csv');
	if (!response.ok) throw new Error(`The demo data could not be loaded (${response.status}).`);
	const rows = parseDigitsCsv(await response.text());
	const samples: NewSample[] = await Promise.all(
		rows.map(async (row, i) => {
			const picture = await digitPicture(row.pixels);
			return { name: `Digit ${i + 1}`, blob: picture, thumbnail: picture, input: upscaleGray(row.pixels, SIDE, MAX) };
		})
	);
	const project = await createProject('Teach it digits', 'image');
	// Created 1…9 then 0, so each digit's class sits on its own key (keys are 1-9, then 0).
	for (const digit of [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]) await addClass(project.id, String(digit));
	await addSamples(project.id, samples, 'demo');
	return project.id;
}
