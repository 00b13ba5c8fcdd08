/// <reference lib="webworker" />
// The learner worker's router: each method is one scheduler call into the project session.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { BackendFallback, CancelledError } from '$lib/core/backend/fallback';
import { measureTrainStep } from '$lib/core/backend/measure-train-step';
import { rankForTraining, reuseMeasured, selectBackends } from '$lib/core/backend/select';
import { smokeTest } from '$lib/core/backend/smoke';
import { Backbone } from '$lib/core/model/backbone';
import { rowArchitecture } from '$lib/core/model/row-models';
import { rankPool } from '$lib/core/query/rank-pool';
import { buildInsights } from '$lib/core/quality/insights';
import { reviewLabels } from '$lib/core/session/label-review';
import { ProjectSession } from '$lib/core/session/project-session';
import { SOUND_RATE } from '$lib/core/sound/clips';
import { spectrogramInput } from '$lib/core/sound/log-mel';
import { resample } from '$lib/core/sound/resample';
import type { SavedModel } from '$lib/core/session/types';
import type { BackendName, BackendReport } from '$lib/core/types';
import { featureStore } from '$lib/storage/features';
import { getMeasuredBackends, setMeasuredBackends } from '$lib/storage/settings';
import { activateBackend, browserCandidates, describeAdapter } from './backends';
import { decodePixels } from './decode-pixels';
import type { JobUpdate, LearnerApi, OpenProjectRequest, StartOptions } from './protocol';
import { NewestOnly } from './newest-only';
import { Scheduler } from './scheduler';
import { SyncRunner } from './sync-runner';

const scheduler = new Scheduler<ProjectSession>();
/** Carries out the open project's syncs; made when a project opens, with the page's callback for news. */
let syncs: SyncRunner | undefined;
/** A sample's map asked again (after an act, for the new weights) replaces the ask still waiting. */
const mapAsks = new NewestOnly();
/** Jobs of the device benchmark the user cancelled. */
const cancelled = new Set<string>();
const backendNow = () => tf.getBackend() as BackendName;

/**
 * Chooses the backends: those measured at an earlier start, if the training one still passes its
 * smoke test, else by trying every backend (and remembering what was found). A forced one is tried alone.
 */
async function start({ force }: StartOptions): Promise<BackendReport> {
	tf.env().set('PROD', true);
	const candidates = await browserCandidates();
	const measured = force ? null : await getMeasuredBackends(navigator.userAgent).catch(() => null);
	const reused = measured && (await reuseMeasured(candidates, smokeTest, measured));
	const { train, predict, trials } = reused ?? (await selectBackends(candidates, smokeTest, force));
	const software = new Set(candidates.filter((c) => c.isSoftware?.()).map((c) => c.name));
	const fallback = reused ? measured.fallback : rankForTraining(trials, software);
	const measuredAt = reused ? measured.measuredAt : Date.now();
	// A failed write only means the next start measures again.
	if (!reused && !force) await setMeasuredBackends({ train, predict, trials, fallback, measuredAt }, navigator.userAgent).catch(() => undefined);
	scheduler.useBackends(new BackendFallback(train, fallback, activateBackend));
	return { train, predict, forced: force, adapter: await describeAdapter(train), trials, measuredAt, reused: !!reused };
}

function openSession({ projectId, classIds, model, backbone, control, rows, learnedUntil, measureModel }: OpenProjectRequest): Promise<ProjectSession> {
	const source = backbone && { ...backbone, decode: decodePixels, store: featureStore(backbone.spec.id, projectId) };
	return ProjectSession.open({ classIds, model: model && { ...model, learnedThrough: learnedUntil }, backbone: source, control, architecture: rows && rowArchitecture(rows), measureModel });
}

/** The live weights, to store. */
async function saved(s: ProjectSession): Promise<SavedModel> {
	const { version, lineage, context } = s;
	return { artifacts: await lineage.save(), version, classIds: [...context.classIds], backend: backendNow(), backboneId: context.backboneId, learnedThrough: lineage.learnedThrough, teaching: s.teaching.history };
}

const api: LearnerApi = {
	start,
	measureTrainStep(jobId, request, report) {
		const done = (update: JobUpdate<Awaited<ReturnType<typeof measureTrainStep>>>) => (cancelled.delete(jobId), report(update));
		return scheduler
			.serial(() => measureTrainStep(request, (n, total) => report({ type: 'progress', done: n, total }), () => cancelled.has(jobId)))
			.then((result) => done({ type: 'done', result }))
			.catch((error) => done(error instanceof CancelledError ? { type: 'cancelled' } : { type: 'error', message: error instanceof Error ? error.message : String(error) }));
	},
	cancel: (jobId) => void cancelled.add(jobId),
	openProject(request, onNews) {
		const runner = (syncs = new SyncRunner(scheduler, onNews));
		const { projectId, learnedUntil, changesFrom, wanted } = request;
		return scheduler.open(() => openSession(request)).then(() => {
			runner.load({ projectId, withImages: !!request.backbone, learnedUntil, changesFrom });
			return scheduler.run(async (s) => ((s.scorer.wanted = wanted), runner.answer(s, 0)), 'urgent');
		});
	},
	sync(request, act) {
		if (act) scheduler.humanActed();
		return scheduler.run((s) => syncs!.sync(s, request), 'urgent');
	},
	view: (wanted) =>
		scheduler.run(async (s) => {
			s.scorer.wanted = wanted;
			return s.scorer.suggest(wanted);
		}),
	refit() {
		const stop = scheduler.untilNextAct();
		return scheduler.run(async (s) => {
			const outcome = await s.trainer.refit(stop);
			if (!outcome.replaced) return outcome;
			syncs!.changed();
			return { ...outcome, result: await syncs!.answer(s, 0) };
		});
	},
	explain(sampleId, method) {
		const newest = mapAsks.ask(`${sampleId}:${method}`);
		return scheduler.run(async (s) => (newest() ? s.explanations.explain(sampleId, method) : null));
	},
	rowCounterfactual: (schema, cells, classId) => scheduler.run((s) => s.explanations.rowCounterfactual(schema, cells, classId)),
	poseCounterfactual: (frame, mirror, classId) => scheduler.run((s) => s.explanations.poseCounterfactual(frame, mirror, classId)),
	classifyPose: (frame, mirror) => scheduler.run((s) => s.explanations.classifyPose(frame, mirror)),
	classify: (input, explain, frame) => scheduler.run((s) => s.explanations.classify(input, explain, frame)).finally(() => frame?.close()),
	async listen(pcm, rate) {
		const input = spectrogramInput(resample(pcm, rate, SOUND_RATE));
		const result = await scheduler.run((s) => s.explanations.classify(input, true));
		return result && { ...result, input };
	},
	trust: (sampleId, method) => scheduler.run((s) => s.explanations.trust(sampleId, method)),
	counterfactual: (sampleId, classId) => scheduler.run((s) => s.explanations.counterfactual(sampleId, classId)),
	neighbours: (sampleId, k) => scheduler.run((s) => s.scorer.neighbours(sampleId, k)),
	inspectBackbone(artifacts, format, pixelRange) {
		return scheduler.serial(async () => {
			const backbone = await Backbone.load(artifacts, format, pixelRange);
			backbone.dispose();
			return backbone.shape;
		});
	},
	rank: (request) => rankPool((work) => scheduler.run(work, 'queue'), request),
	reviewLabels() {
		const stop = scheduler.untilNextAct();
		return scheduler.run((s) => reviewLabels(s, stop));
	},
	judged: () => scheduler.run(async (s) => s.teaching.history.judged.map(({ sampleId, right, audit }) => ({ sampleId, right, audit }))),
	insights: () => scheduler.run(async (s) => ({ ...buildInsights(s.teaching.history, s.context.classIds, s.pool.labelledCount), backend: backendNow() })),
	// In order with the acts (urgent work keeps its order): the page says which acts a save holds by
	// what it had sent before asking, so a save must not be served after a later act.
	saveModel: async () => (scheduler.isOpen ? scheduler.run(saved, 'urgent') : null),
	snapshot: async () => (scheduler.isOpen ? scheduler.run(async (s) => ({ ...(await saved(s)), ...s.trainer.takeUnseenAccuracy() })) : null),
	rollback(model) {
		scheduler.humanActed();
		return scheduler.run(async (s) => {
			s.lineage.checkpoint(); // so undo can come back here
			await s.lineage.rollback(model);
			syncs!.rolledBack(s);
			syncs!.changed();
			return syncs!.answer(s, 0);
		}, 'urgent');
	},
	compare: (a, b) => scheduler.run((s) => s.compare(a, b)),
	// Answers with the status, so a setting's effect shows at once (learning from the pool switched off, say).
	control: (settings) => scheduler.run(async (s) => (s.trainer.setControl(settings) ? await syncs!.learnHeld(s) : null) ?? syncs!.answer(s, 0), 'urgent'),
	closeProject: () => scheduler.closeInTurn()
};

Comlink.expose(api);
