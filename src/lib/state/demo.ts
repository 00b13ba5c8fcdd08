import { parseDigitsCsv, upscaleGray } from '$lib/core/data/digits';
import { addClass } from '$lib/storage/classes';
import { createProject } from '$lib/storage/projects';
import { addSamples, type NewSample } from '$lib/storage/samples';
import { addRows, type NewRow } from '$lib/storage/rows';
import { readCsvText } from '$lib/core/data/csv-table';
import { encodeTable, fitSchema, type TabularSchema } from '$lib/core/data/tabular-schema';
import { textsFromJsonl } from '$lib/core/data/text-input';
import { noteRow } from './text-import.svelte';
import { seededRandom } from '$lib/core/random';
import { SOUND_RATE } from '$lib/core/sound/clips';
import { synthesize } from '$lib/core/sound/synth';
import { encodeWav } from '$lib/core/sound/wav';
import { IntakeClient } from '$lib/worker/intake/intake-client';

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

/** Creates a project from rows, with the classes their labels name but every row unlabelled (the human labels them). */
async function demoProject(name: string, kind: 'tabular' | 'text', rows: NewRow[], schema?: TabularSchema): Promise<string> {
	const classes = [...new Set(rows.map((r) => r.label).filter((l): l is string => l !== null))];
	const project = await createProject(name, kind);
	await addRows(project.id, rows.map((r) => ({ ...r, label: null })), 'demo', { schema, classes });
	return project.id;
}

async function fetchDemo(path: string): Promise<string> {
	const response = await fetch(path);
	if (!response.ok) throw new Error(`The demo data could not be loaded (${response.status}).`);
	return response.text();
}

/** "Sort iris flowers": 150 rows of four measurements, species as classes, no labels. Offline too (precached). */
export async function createIrisDemo(): Promise<string> {
	const table = readCsvText(await fetchDemo('/demo/iris.csv'));
	const label = 'species';
	const features = table.header.filter((h) => h !== label).map((name) => ({ name, type: 'number' as const }));
	const schema = fitSchema(table, { label, features });
	const rows = encodeTable(table, schema).map((row, i) => ({ ...row, name: `Flower ${i + 1}` }));
	return demoProject('Iris flowers', 'tabular', rows, schema);
}

/** "Sort field notes": 60 short notes written for Attune, three kinds as classes, no labels. */
export async function createNotesDemo(): Promise<string> {
	const { records } = textsFromJsonl(await fetchDemo('/demo/notes.jsonl'));
	return demoProject('Field notes', 'text', records.map((r) => noteRow(r.text, r.label)));
}

/** The demo's three kinds of sound: a whistle, a low hum, a run of clicks, each varied in pitch, place, length and loudness. */
const DEMO_SOUNDS = [
	{ name: 'whistle', shape: 'tone', hz: [1900, 2300] },
	{ name: 'hum', shape: 'tone', hz: [180, 260] },
	{ name: 'clicks', shape: 'clicks', hz: [5, 14] }
] as const;

/**
 * "Hear whistles, hums and clicks": 36 one-second sounds synthesised on the device (no recording to
 * download, so offline too), three kinds as classes, no labels. They go through the sound intake as
 * any file would: the waveform, the spectrogram and the stored WAV are made in the intake worker.
 */
export async function createSoundsDemo(): Promise<string> {
	const random = seededRandom(5);
	const between = (a: number, b: number) => a + random() * (b - a);
	const files = Array.from({ length: 36 }, (_, i) => {
		const kind = DEMO_SOUNDS[i % DEMO_SOUNDS.length]!;
		const from = between(0, 0.4);
		const samples = synthesize({ shape: kind.shape, hz: between(kind.hz[0], kind.hz[1]), from, to: from + between(0.4, 0.6), amplitude: between(0.2, 0.6), noise: between(0.002, 0.01) }, random);
		return { file: new Blob([encodeWav({ samples, rate: SOUND_RATE }) as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }), name: `Sound ${i + 1}.wav` };
	});
	const project = await createProject('Whistles, hums and clicks', 'sound', Date.now(), { clipSeconds: 1 });
	for (const kind of DEMO_SOUNDS) await addClass(project.id, kind.name);
	const client = new IntakeClient();
	try {
		const { end, error } = await client.run({ projectId: project.id, files, source: 'demo', clipSeconds: 1 }, () => {}).result;
		if (end === 'failed') throw error;
	} finally {
		client.terminate();
	}
	return project.id;
}
