import * as Comlink from 'comlink';
import type { BackendName, BackendReport } from '$lib/core/types';
import type { JobUpdate, LearnerApi, TrainStepRequest, TrainStepResult } from './protocol';

/** The worker's calls about the open project, for the teach state. */
export type ProjectApi = Omit<Comlink.Remote<LearnerApi>, 'start' | 'measureTrainStep' | 'cancel'>;

/** A running job: its result, a way to cancel it, and its progress as it goes. */
export interface Job<T> {
	result: Promise<T>;
	cancel(): void;
}

export class JobCancelled extends Error {
	constructor() {
		super('cancelled');
		this.name = 'JobCancelled';
	}
}

/** The UI thread's handle on one learner worker. The worker loads tfjs; this file never does. */
export class LearnerClient {
	private readonly worker = new Worker(new URL('./learner.worker.ts', import.meta.url), { type: 'module', name: 'learner' });
	private readonly api = Comlink.wrap<LearnerApi>(this.worker);
	private nextJob = 0;

	start(force: BackendName | null): Promise<BackendReport> {
		return this.api.start({ force });
	}

	measureTrainStep(request: TrainStepRequest, onProgress?: (done: number, total: number) => void): Job<TrainStepResult> {
		return this.job((id, report) => this.api.measureTrainStep(id, request, report), onProgress);
	}

	/** The worker's project API, for the teach state. */
	get project(): ProjectApi {
		return this.api;
	}

	terminate(): void {
		this.api[Comlink.releaseProxy]();
		this.worker.terminate();
	}

	private job<T>(
		call: (id: string, report: (u: JobUpdate<T>) => void) => Promise<void>,
		onProgress?: (done: number, total: number) => void
	): Job<T> {
		const id = `job-${++this.nextJob}`;
		const result = new Promise<T>((resolve, reject) => {
			const report = (u: JobUpdate<T>) => {
				if (u.type === 'progress') onProgress?.(u.done, u.total);
				else if (u.type === 'done') resolve(u.result);
				else if (u.type === 'cancelled') reject(new JobCancelled());
				else reject(new Error(u.message));
			};
			call(id, Comlink.proxy(report)).catch(reject);
		});
		return { result, cancel: () => void this.api.cancel(id) };
	}
}
