/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { BackendFallback, CancelledError } from '$lib/core/backend/fallback';
import { rankForTraining, selectBackends } from '$lib/core/backend/select';
import { smokeTest } from '$lib/core/backend/smoke';
import type { BackendName, BackendReport } from '$lib/core/types';
import { Backbone } from '$lib/core/model/backbone';
import { activateBackend, browserCandidates, describeAdapter } from './backends';
import { decodePixels } from './decode-pixels';
import { rankPool } from './ranking';
import { measureTrainStep } from './measure';
import type { JobUpdate, LearnerApi, OpenProjectRequest, StartOptions, SyncRequest, SyncResult, TrainStepRequest, TrainStepResult } from './protocol';
import { ProjectSession } from './session';
import { rowArchitecture } from './row-explain';

const cancelled = new Set<string>();
let fallback: BackendFallback | undefined;
let session: ProjectSession | undefined;
let sessionBackend: BackendName | undefined;
/** Set when the human acts: background work (refit, refinement) gives way at once. */
let refitYield = false;
let refineYield = false;
let stamp = 0;
/** Background learning jobs queued or running: while any are, results say the model is still practising. */
let backgroundJobs = 0;
let onRefined: ((result: SyncResult) => void) | undefined;

interface QueuedJob {
	urgent: boolean;
	run: () => void;
}
const queue: QueuedJob[] = [];
let running = false;

/**
 * Session work runs one call at a time, so an explain never sees a half-remapped model. Urgent work
 * (what the human just did: a sync, opening or closing a project) goes ahead of everything waiting
 * that is not, in arrival order among itself: an act is never queued behind a screenful of saliency
 * maps for the model it is about to replace.
 */
function serial<T>(work: () => Promise<T>, urgent = false): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const job: QueuedJob = { urgent, run: () => void work().then(resolve, reject).finally(runNext) };
		const at = urgent ? queue.findIndex((j) => !j.urgent) : -1;
		if (at >= 0) queue.splice(at, 0, job);
		else queue.push(job);
		if (!running) runNext();
	});
}

function runNext(): void {
	const job = queue.shift();
	running = !!job;
	job?.run();
}

/** Labelled in bulk (an import): a few passes over everything beat hundreds of single updates. */
const BULK_LABELS = 4;
const BULK_EPOCHS = 4;

/** Runs session work on the current backend; if that backend dies, rebuilds the model on the next and retries. */
function onSession<T>(work: (s: ProjectSession) => Promise<T>, urgent = false): Promise<T> {
	return serial(async () => {
		if (!fallback) throw new Error('The learner has not started yet.');
		return fallback.run(async (backend) => {
			if (!session) throw new Error('No project is open.');
			if (sessionBackend && sessionBackend !== backend) await session.reload();
			sessionBackend = backend;
			return work(session);
		});
	}, urgent);
}

async function applySync(s: ProjectSession, request: SyncRequest): Promise<SyncResult> {
	const started = performance.now();
	if (request.classIds) s.setClasses(request.classIds);
	if (request.upserts) await s.upsertSamples(request.upserts);
	if (request.removed) s.removeSamples(request.removed);
	const restored = request.restore === undefined ? undefined : await s.restoreVersion(request.restore);
	if (!restored) await s.judge(request.labels ?? []);
	let toLearn = (request.labels ?? []).filter((l) => s.setLabel(l.sampleId, l.classId, l.audit)).map((l) => l.sampleId);
	for (const m of request.masks ?? []) if (s.setMask(m.sampleId, m.mask) && !toLearn.includes(m.sampleId)) toLearn.push(m.sampleId);
	for (const t of request.signals ?? []) if (s.setSignal(t.sampleId, t.target) && t.learn && !toLearn.includes(t.sampleId)) toLearn.push(t.sampleId);
	const region = request.ignoreRegion;
	let everywhere = !!region && s.setIgnoreRegion(region.mask) && region.learn;
	// Undo/redo put the version back that had learned exactly this; frozen, the acts wait.
	if (restored) toLearn = [];
	if (s.frozen) {
		for (const id of toLearn) s.holdForLater(id);
		toLearn = [];
		everywhere = false;
	}
	if (toLearn.length > 0) await s.checkpoint();
	if (toLearn.length >= BULK_LABELS) await s.learnAll(BULK_EPOCHS, () => false);
	else for (const id of toLearn) await s.learnQuick(id);
	if (toLearn.length > 0) stamp++;
	const trainMs = performance.now() - started;
	if (toLearn.length > 0 && toLearn.length < BULK_LABELS) scheduleRefine(toLearn);
	// A region to ignore everywhere: a pass over everything the model trains on, penalty included, in the background.
	if (everywhere) scheduleBackground((s, stop) => s.learnAll(1, stop));
	return { ...(await suggestions(s, trainMs)), ...(restored === undefined ? {} : { restored }) };
}

/** Learns what was labelled while the model was frozen, as an import would be. */
async function learnHeld(s: ProjectSession): Promise<boolean> {
	const held = s.takeHeld();
	if (held.length === 0) return false;
	await s.checkpoint();
	if (held.length >= BULK_LABELS) await s.learnAll(BULK_EPOCHS, () => false);
	else for (const id of held) await s.learnQuick(id);
	stamp++;
	return true;
}

async function suggestions(s: ProjectSession, trainMs: number): Promise<SyncResult> {
	return { version: s.version, stamp, suggestions: await s.suggest(), backend: tf.getBackend() as BackendName, trainMs, practising: backgroundJobs > 0 };
}

/**
 * The rest of each update runs after the human has their answer, queued behind anything already
 * asked for; a new act makes it give way (that act's own update replays these samples anyway).
 */
function scheduleRefine(sampleIds: string[]): void {
	// The idle steps in the same job: one model change, one set of new suggestions.
	scheduleBackground(async (s, stop) => (await s.refine(sampleIds, stop)) && ((await s.practise(stop)) || !stop()));
}

/** Learning that runs after the human has their answer and gives way to their next act; its suggestions arrive through onRefined. */
function scheduleBackground(learn: (s: ProjectSession, stop: () => boolean) => Promise<boolean>): void {
	refineYield = false;
	backgroundJobs++;
	const started = performance.now();
	void onSession(async (s) => {
		if (refineYield || !(await learn(s, () => refineYield))) return false;
		stamp++;
		return true;
	})
		.catch(() => false) // a failure here is retried by the next act's own update
		.then((learned) => {
			backgroundJobs--;
			// A job that gave way leaves the news to the act it gave way to, unless it was the last one:
			// the page must still hear that nothing is practising any more.
			if (learned || backgroundJobs === 0) return onSession(async (s) => onRefined?.(await suggestions(s, performance.now() - started)));
		})
		.catch(() => undefined);
}

async function start({ force }: StartOptions): Promise<BackendReport> {
	tf.env().set('PROD', true);
	const candidates = await browserCandidates();
	const { train, predict, trials } = await selectBackends(candidates, smokeTest, force);
	const software = new Set(candidates.filter((c) => c.isSoftware?.()).map((c) => c.name));
	fallback = new BackendFallback(train, rankForTraining(trials, software), activateBackend);
	return { train, predict, forced: force, adapter: await describeAdapter(train), trials };
}

/** Runs a job on the current backend (dropping to the next on failure) and reports how it ended. */
async function runJob<T>(jobId: string, report: (u: JobUpdate<T>) => void, job: (backend: BackendName) => Promise<T>) {
	try {
		if (!fallback) throw new Error('The learner has not started yet.');
		report({ type: 'done', result: await fallback.run(job) });
	} catch (error) {
		if (error instanceof CancelledError) report({ type: 'cancelled' });
		else report({ type: 'error', message: error instanceof Error ? error.message : String(error) });
	} finally {
		cancelled.delete(jobId);
	}
}

const api: LearnerApi = {
	start,
	measureTrainStep(jobId: string, request: TrainStepRequest, report: (u: JobUpdate<TrainStepResult>) => void) {
		return runJob(jobId, report, () =>
			measureTrainStep(request, (done, total) => report({ type: 'progress', done, total }), () => cancelled.has(jobId))
		);
	},
	cancel(jobId: string) {
		cancelled.add(jobId);
	},
	openProject(request: OpenProjectRequest, refined: (result: SyncResult) => void) {
		onRefined = refined;
		return serial(async () => {
			session?.dispose();
			session = undefined;
			const backbone = request.backbone && { ...request.backbone, decode: decodePixels };
			session = await ProjectSession.open(request.classIds, request.samples, request.model, backbone, request.rows && rowArchitecture(request.rows));
			if (request.control) {
				session.configure(request.control);
				session.frozen = request.control.frozen;
			}
			sessionBackend = fallback?.current;
		}, true).then(() => onSession((s) => applySync(s, {}), true));
	},
	sync(request: SyncRequest) {
		refitYield = true;
		refineYield = true;
		return onSession((s) => applySync(s, request), true);
	},
	refit() {
		refitYield = false;
		return onSession(async (s) => {
			if (s.frozen) return { ran: false, replaced: false };
			const outcome = await s.refit(() => refitYield);
			if (!outcome.replaced) return outcome;
			stamp++;
			return { ...outcome, result: await suggestions(s, 0) };
		});
	},
	explain(sampleId: string, method: string) {
		return onSession((s) => s.explain(sampleId, method));
	},
	predictRows(inputs: Float32Array[]) {
		return onSession((s) => s.predictRows(inputs));
	},
	classify(input: Uint8Array, explain: boolean, frame?: ImageBitmap) {
		return onSession((s) => s.classify(input, explain, frame)).finally(() => frame?.close());
	},
	inspectBackbone(artifacts, format, pixelRange) {
		return serial(async () => {
			const backbone = await Backbone.load(artifacts, format, pixelRange);
			backbone.dispose();
			return backbone.shape;
		});
	},
	rank(request) {
		return rankPool((work) => onSession(work), request, () => stamp, () => refineYield);
	},
	neighbours(sampleId: string, k: number) {
		return onSession((s) => s.neighbours(sampleId, k));
	},
	trust(sampleId: string, method: string) {
		return onSession((s) => s.trust(sampleId, method));
	},
	counterfactual(sampleId: string, classId: string) {
		return onSession((s) => s.counterfactual(sampleId, classId));
	},
	async saveModel() {
		if (!session) return null;
		// In order with the acts (urgent work keeps its order): the page says which acts a save holds by
		// what it had sent before asking, so a save must not be served after a later act.
		return onSession(async (s) => ({ artifacts: await s.save(), version: s.version, classIds: s.classOrder, backend: tf.getBackend() as BackendName, backboneId: s.backboneId }), true);
	},
	async snapshot() {
		if (!session) return null;
		return onSession(async (s) => ({
			artifacts: await s.save(),
			version: s.version,
			classIds: s.classOrder,
			backend: tf.getBackend() as BackendName,
			backboneId: s.backboneId,
			...s.takeUnseenAccuracy()
		}));
	},
	rollback(model) {
		refineYield = true;
		return onSession(async (s) => {
			await s.checkpoint();
			await s.restoreModel(model);
			stamp++;
			return suggestions(s, 0);
		}, true);
	},
	compare(a, b) {
		return onSession((s) => s.compare(a, b));
	},
	control(settings) {
		return onSession(async (s) => {
			s.configure(settings);
			const wasFrozen = s.frozen;
			s.frozen = settings.frozen;
			return wasFrozen && !settings.frozen && (await learnHeld(s)) ? suggestions(s, 0) : null;
		}, true);
	},
	closeProject() {
		void serial(async () => {
			session?.dispose();
			session = undefined;
		}, true);
	}
};

Comlink.expose(api);
