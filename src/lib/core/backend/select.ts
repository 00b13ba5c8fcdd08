import type { BackendName, BackendTrial } from '../types';
import { BACKEND_ORDER } from '../types';

/** One backend as the selector sees it: something that can be switched to and then tried. */
export interface BackendCandidate {
	name: BackendName;
	/** Makes this backend the active one; throws (or returns false) if it cannot start here. */
	activate(): Promise<boolean>;
	/** True when the backend runs on a software emulation of a GPU (e.g. SwiftShader). */
	isSoftware?(): boolean;
}

export interface Selection {
	train: BackendName;
	predict: BackendName;
	trials: BackendTrial[];
}

export type Trial = () => Promise<{ trainStepMs: number; predictMs: number }>;

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

async function tryOne(candidate: BackendCandidate, trial: Trial): Promise<BackendTrial> {
	try {
		if (!(await candidate.activate())) return { name: candidate.name, ok: false, reason: 'not available in this browser' };
		const timings = await trial();
		return { name: candidate.name, ok: true, ...timings };
	} catch (error) {
		return { name: candidate.name, ok: false, reason: describe(error) };
	}
}

/**
 * Order in which working backends should train. GPU backends come first, but a GPU emulated in
 * software is slower than the CPU backends' real silicon, so it goes behind every hardware one.
 */
export function rankForTraining(trials: BackendTrial[], software: ReadonlySet<BackendName>): BackendName[] {
	const working = BACKEND_ORDER.filter((name) => trials.some((t) => t.name === name && t.ok));
	return [...working.filter((n) => !software.has(n)), ...working.filter((n) => software.has(n))];
}

/** The backend with the fastest measured single prediction; ties keep the training backend. */
export function fastestPredictor(trials: BackendTrial[], train: BackendName): BackendName {
	let best = trials.find((t) => t.name === train);
	for (const t of trials) {
		if (t.ok && t.predictMs !== undefined && (best?.predictMs === undefined || t.predictMs < best.predictMs)) best = t;
	}
	return best?.name ?? train;
}

/**
 * Tries backends and picks the one that trains and the one that predicts. A forced backend is tried
 * alone; if it fails, the others are tried in the usual order so the app still works, and the trial
 * says why the forced one was skipped. Leaves the training backend active.
 */
export async function selectBackends(
	candidates: BackendCandidate[],
	trial: Trial,
	force: BackendName | null
): Promise<Selection> {
	const trials: BackendTrial[] = [];
	const byName = new Map(candidates.map((c) => [c.name, c]));
	const forced = force ? byName.get(force) : undefined;
	if (forced) {
		const result = await tryOne(forced, trial);
		trials.push(result);
		if (result.ok) return { train: forced.name, predict: forced.name, trials };
	}
	for (const candidate of candidates) {
		if (candidate === forced) continue;
		trials.push(await tryOne(candidate, trial));
	}
	const software = new Set(candidates.filter((c) => c.isSoftware?.()).map((c) => c.name));
	const ranked = rankForTraining(trials, software);
	const train = ranked[0];
	if (!train) throw new Error(`No backend could train here: ${trials.map((t) => `${t.name}: ${t.reason}`).join('; ')}`);
	await byName.get(train)!.activate(); // trying the others left the last one active
	for (const t of trials) {
		if (t.ok && software.has(t.name) && t.name !== train) t.reason = 'runs on a software GPU emulation, slower here';
	}
	return { train, predict: fastestPredictor(trials, train), trials };
}

/** A selection measured at an earlier start on this device, kept so a start need not try every backend again. */
export interface MeasuredSelection extends Selection {
	/** The order to fall back in if the training backend dies (rankForTraining, as measured). */
	fallback: BackendName[];
	measuredAt: number;
}

/** How long a measurement stands before a start measures again (drivers and browsers change). */
export const MEASUREMENT_KEPT_MS = 30 * 24 * 3600 * 1000;

/**
 * Starts on the backends measured at an earlier start: the training one alone gets its smoke test
 * again (trying every backend costs seconds: GPU shaders compile, an emulated GPU is slow). Null when
 * the measurement is too old or that backend fails now: then every backend is tried afresh.
 */
export async function reuseMeasured(candidates: BackendCandidate[], trial: Trial, measured: MeasuredSelection, now = Date.now()): Promise<Selection | null> {
	if (now - measured.measuredAt > MEASUREMENT_KEPT_MS) return null;
	const candidate = candidates.find((c) => c.name === measured.train);
	if (!candidate) return null;
	const checked = await tryOne(candidate, trial);
	if (!checked.ok) return null;
	return { train: measured.train, predict: measured.predict, trials: measured.trials.map((t) => (t.name === checked.name ? checked : t)) };
}
