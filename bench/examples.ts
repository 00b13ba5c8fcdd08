// The data, training rules and summary statistics the Node benchmarks share (learn-curve, al).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '$lib/core/backend/wasm-training-kernels';
import { parseDigitsCsv, upscaleGray } from '$lib/core/data/digits';
import { profileColumns } from '$lib/core/data/column-profile';
import { readCsvText } from '$lib/core/data/csv-table';
import { isKeypointHeader, keypointFrame } from '$lib/core/pose/keypoint-csv';
import { normalisePose, POSE_WIDTH } from '$lib/core/pose/normalise';
import { encodeTable, fitSchema, suggestChoice, validateChoice } from '$lib/core/data/tabular-schema';
import { IMAGE_CNN, type Architecture, type ModelInput } from '$lib/core/model/architecture';
import { rowArchitecture } from '$lib/core/model/row-models';
import { hashText, TEXT_WIDTH } from '$lib/core/model/text-hashing';
import { textsFromJsonl } from '$lib/core/data/text-input';
import { ROW_CONTROL } from '$lib/core/types';
import { accuracy } from '$lib/core/metrics/accuracy';
import { checkSound, cutClips, DEFAULT_CLIP_SECONDS, SOUND_RATE } from '$lib/core/sound/clips';
import { spectrogramInput } from '$lib/core/sound/log-mel';
import { resample } from '$lib/core/sound/resample';
import { parseWav } from '$lib/core/sound/wav';
import { DEFAULT_LEARNER_SETTINGS, HEAD_LEARNER_SETTINGS, OnlineLearner, type Example, type LearnerSettings } from '$lib/core/model/online-learner';
import type { SessionBackbone } from '$lib/core/session/features';

export const BATCH = 32;

/** The Node benchmarks train on tfjs WASM, with the conv backprop kernel it lacks (see docs/ARCHITECTURE.md). */
export async function useWasm(): Promise<void> {
	registerWasmTrainingKernels();
	await tf.setBackend('wasm');
	await tf.ready();
}

/**
 * Epochs for a full retrain on `n` labels: at least 300 optimiser steps (batch 32) and at least 10
 * passes. Measured here (digits, one split, test accuracy after N steps of fit on n labels, Adam 1e-3):
 *   n=10:  50 steps 0.447, 100 0.453, 300 0.455, 600 0.466, 1200 0.460
 *   n=50:  50 steps 0.798, 100 0.805, 300 0.822, 600 0.831, 1200 0.839
 *   n=100: 52 steps 0.865, 100 0.866, 300 0.896, 600 0.896, 1200 0.905
 *   n=300: 50 steps 0.876, 100 0.918, 300 0.946, 600 0.948
 * so 300 steps is within about 1.5 points of 2-4x as many, for a third to a quarter of the time (a
 * batch-32 step is ~170 ms on WASM on 2 cores, so 300 steps is ~50 s). The 10 passes matter for the
 * full-data reference only (1,258 labels: 10 epochs, 400 steps).
 */
export function retrainEpochs(n: number): number {
	return Math.max(10, Math.ceil(300 / Math.ceil(n / BATCH)));
}

/**
 * A fresh model trained on `train` (for `epochs`, the full-retrain rule by default) and its accuracy
 * on `test`; `ms` is the training alone, as the app would wait for it.
 */
export async function retrainFresh(
	classes: number, settings: LearnerSettings, architecture: Architecture, train: readonly Example[], test: readonly Example[], epochs = retrainEpochs(train.length)
): Promise<{ accuracy: number; ms: number }> {
	const fresh = OnlineLearner.create(classes, settings, architecture);
	try {
		const started = performance.now();
		await fresh.learn(train, epochs); // solved, for the linear model, as the app's idle steps solve it
		const ms = performance.now() - started;
		return { accuracy: await accuracy(fresh, test, classes), ms };
	} finally {
		fresh.dispose();
	}
}

export interface Dataset {
	examples: Example[];
	classes: string[];
	/** What the benchmark contract (docs/ARCHITECTURE.md) makes of the CSV, and the network the app uses for it. */
	kind: 'image' | 'tabular' | 'text' | 'sound' | 'pose';
	architecture: Architecture;
	settings: LearnerSettings;
	/** Photos: each example's file, which a session on a backbone computes (or reads) its features from. */
	blobs?: Map<string, Blob>;
	/** Photos on the built-in backbone: what the sessions open with (examples then carry its features). */
	backbone?: SessionBackbone;
	/** Photos: each example's 32x32 ink, which the app's samples hold whatever the model (the small CNN learns on it). */
	ink?: Map<string, ModelInput>;
}

/** Which row model a bench uses: the app's default (linear, handing over to the MLP), or one of them for good. */
export type RowModelChoice = 'default' | 'linear' | 'mlp';

/**
 * Reads a benchmark CSV (the last column is the label): columns p0..pN-1 with N a perfect square are a
 * square grayscale image, upscaled to the CNN's 32x32 input; anything else is a spreadsheet, encoded
 * as the app encodes one (standardised numbers, one-hot categories) for the app's row model; columns of
 * body keypoints (core/pose/keypoint-csv.ts) are poses, normalised as a pose project does. A JSON
 * Lines file (`{"text", "label"}` per line, as the notes import takes) is notes, hashed as the app does.
 */
export function loadExamples(csv: string, { model = 'default', path = '' }: { model?: RowModelChoice; path?: string } = {}): Dataset {
	if (path.endsWith('.jsonl')) return loadNotes(csv, model);
	const header = csv.slice(0, csv.indexOf('\n')).trim().split(',');
	const pixels = header.length - 1;
	const side = Math.round(Math.sqrt(pixels));
	const image = side * side === pixels && header.slice(0, -1).every((name, i) => name.trim() === `p${i}`);
	if (isKeypointHeader(header.slice(0, -1))) return loadPoses(csv, model);
	return image ? loadImages(csv, side) : loadTable(csv, model);
}

/** A keypoint CSV (core/pose/keypoint-csv.ts: bench/make-poses.mjs writes one, a pose project exports one): each body normalised as a pose project does. */
function loadPoses(csv: string, model: RowModelChoice): Dataset {
	const table = readCsvText(csv);
	const labelled = table.rows.filter((row) => row.at(-1)?.trim());
	const { classes, index } = classIndex(labelled.map((row) => row.at(-1)!.trim()));
	const examples = labelled.map((row, i) => ({ id: `p${i}`, input: normalisePose(keypointFrame(row.slice(0, -1).map(Number))), label: index.get(row.at(-1)!.trim())! }));
	return { examples, classes, kind: 'pose', architecture: rowArchitecture({ kind: 'pose', width: POSE_WIDTH }, model === 'default' ? undefined : model), settings: ROW_SETTINGS };
}

/** The row architecture a bench asked for (row-models.ts). */
const rowModel = (kind: 'tabular' | 'text', width: number, model: RowModelChoice) => rowArchitecture({ kind, width }, model === 'default' ? undefined : model);

function loadNotes(jsonl: string, model: RowModelChoice): Dataset {
	const labelled = textsFromJsonl(jsonl).records.filter((r) => r.label);
	const { classes, index } = classIndex(labelled.map((r) => r.label!));
	const examples = labelled.map((r, i) => ({ id: `n${i}`, input: hashText(r.text), label: index.get(r.label!)! }));
	return { examples, classes, kind: 'text', architecture: rowModel('text', TEXT_WIDTH, model), settings: ROW_SETTINGS };
}

function classIndex(labels: string[]): { classes: string[]; index: Map<string, number> } {
	const classes = [...new Set(labels)].sort((a, b) => (Number(a) - Number(b)) || a.localeCompare(b));
	return { classes, index: new Map(classes.map((c, i) => [c, i])) };
}

function loadImages(csv: string, side: number): Dataset {
	const rows = parseDigitsCsv(csv);
	if (rows.length === 0) throw new Error('the CSV has no rows');
	// The UCI digits are 0..16; any other square grayscale CSV is scaled by its own maximum.
	let max = 0;
	for (const row of rows) for (const v of row.pixels) if (v > max) max = v;
	const { classes, index } = classIndex(rows.map((r) => r.label));
	const examples = rows.map((row, i) => ({ id: `r${i}`, input: upscaleGray(row.pixels, side, max || 1), label: index.get(row.label)! }));
	return { examples, classes, kind: 'image', architecture: IMAGE_CNN, settings: DEFAULT_LEARNER_SETTINGS };
}

function loadTable(csv: string, model: RowModelChoice): Dataset {
	// The label is the last column, every other usable one a feature of the type its cells suggest.
	const table = readCsvText(csv);
	const profiles = profileColumns(table);
	const choice = suggestChoice(profiles, table.header.at(-1)!);
	validateChoice(table, profiles, choice);
	const schema = fitSchema(table, choice);
	const labelled = encodeTable(table, schema).flatMap(({ features, label }) => (label === null ? [] : [{ input: features, label }]));
	const { classes, index } = classIndex(labelled.map((r) => r.label));
	const examples = labelled.map((row, i) => ({ id: `r${i}`, input: row.input, label: index.get(row.label)! }));
	return { examples, classes, kind: 'tabular', architecture: rowModel('tabular', schema.width, model), settings: ROW_SETTINGS };
}

/** A sound file from a folder of class folders. */
export interface SoundFile {
	className: string;
	name: string;
	bytes: Uint8Array;
}

/**
 * Sound files as a sound project takes them (worker/intake/sound-intake.ts): read, checked, resampled
 * to 16 kHz, one clip each (the loudest second of a longer file), its log-mel spectrogram for the CNN.
 * A file the app would refuse is left out, and said.
 */
export function loadSounds(files: readonly SoundFile[], log: (message: string) => void = () => {}): Dataset {
	const kept: { input: Uint8Array; className: string }[] = [];
	for (const file of files) {
		try {
			const pcm = parseWav(file.bytes, file.name);
			checkSound(pcm, file.name);
			const [clip] = cutClips(resample(pcm.samples, pcm.rate, SOUND_RATE).subarray(0, Math.round(1.5 * SOUND_RATE)), DEFAULT_CLIP_SECONDS, file.name);
			kept.push({ input: spectrogramInput(clip!), className: file.className });
		} catch (error) {
			log(`left out ${file.className}/${file.name}: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
	const { classes, index } = classIndex(kept.map((k) => k.className));
	const examples = kept.map((k, i) => ({ id: `s${i}`, input: k.input, label: index.get(k.className)! }));
	return { examples, classes, kind: 'sound', architecture: IMAGE_CNN, settings: DEFAULT_LEARNER_SETTINGS };
}

/** One printed line of a benchmark's output. */
export type Line = Record<string, unknown>;

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Sample standard deviation; null with one seed, where there is none. */
export const std = (xs: number[]) => (xs.length < 2 ? null : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));
/** Rounded for printing; null for a figure that does not exist (no seeds, no such budget). */
export const round = (x: number | null, digits = 4) => (x === null || Number.isNaN(x) ? null : +x.toFixed(digits));

/** What the app gives a spreadsheet project's learner (core/types.ts ROW_CONTROL), so the bench measures the product. */
const ROW_SETTINGS = { ...HEAD_LEARNER_SETTINGS, learningRate: ROW_CONTROL.learningRate, stepsPerUpdate: ROW_CONTROL.stepsPerUpdate };
