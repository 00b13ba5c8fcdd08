/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { BackendFallback, CancelledError } from '$lib/core/backend/fallback';
import { rankForTraining, selectBackends } from '$lib/core/backend/select';
import { smokeTest } from '$lib/core/backend/smoke';
import type { BackendName, BackendReport } from '$lib/core/types';
import { activateBackend, browserCandidates, describeAdapter } from './backends';
import { measureTrainStep } from './measure';
import type { JobUpdate, LearnerApi, StartOptions, TrainStepRequest, TrainStepResult } from './protocol';

const cancelled = new Set<string>();
let fallback: BackendFallback | undefined;

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
	}
};

Comlink.expose(api);
