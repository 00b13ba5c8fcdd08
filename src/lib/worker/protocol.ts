import type { BackendName, BackendReport } from '$lib/core/types';

/**
 * Every long job reports through one callback with this union, and ends with exactly one of
 * done, error or cancelled.
 */
export type JobUpdate<Result> =
	| { type: 'progress'; done: number; total: number }
	| { type: 'done'; result: Result }
	| { type: 'error'; message: string }
	| { type: 'cancelled' };

export interface StartOptions {
	/** Use this backend alone if it passes the smoke test; null picks by feature detection. */
	force: BackendName | null;
}

export interface TrainStepRequest {
	batch: number;
	height: number;
	width: number;
	channels: 1 | 3;
	classes: number;
	warmup: number;
	steps: number;
}

export interface TrainStepResult {
	backend: BackendName;
	steps: number;
	median_ms: number;
	p95_ms: number;
	mean_ms: number;
	/** Tensors left behind by the job; anything but 0 is a leak. */
	leaked_tensors: number;
}

/** What the learner worker exposes (through Comlink). */
export interface LearnerApi {
	start(options: StartOptions): Promise<BackendReport>;
	measureTrainStep(jobId: string, request: TrainStepRequest, report: (update: JobUpdate<TrainStepResult>) => void): Promise<void>;
	cancel(jobId: string): void;
}
