import { BACKEND_ORDER, type BackendName } from '$lib/core/types';
import { JobCancelled, LearnerClient, type Job } from '$lib/worker/client';
import type { TrainStepRequest, TrainStepResult } from '$lib/core/backend/measure-train-step';

export type BackendMeasurement =
	| (TrainStepResult & { available: true; adapter?: string })
	| { backend: BackendName; available: false; reason: string };

/** The default image CNN's training step, batch 32 on 32x32x1, as the train-step benchmark (bench/train-step.mjs). */
export const TRAIN_STEP_REQUEST: TrainStepRequest = { batch: 32, height: 32, width: 32, channels: 1, classes: 10, warmup: 3, steps: 20 };

/**
 * Measures training speed on every backend this browser offers, each in a fresh learner worker
 * forced onto it, so the user (and `npm run bench -- train-step`) can see which is fastest here.
 */
export class TrainStepBenchmark {
	running = $state(false);
	current = $state<string | null>(null);
	results = $state<BackendMeasurement[]>([]);
	cancelled = $state(false);
	private job: Job<TrainStepResult> | undefined;

	async run(steps = TRAIN_STEP_REQUEST.steps): Promise<void> {
		if (this.running) return;
		this.running = true;
		this.results = [];
		this.cancelled = false;
		try {
			for (const backend of BACKEND_ORDER) {
				if (this.cancelled) break;
				this.results = [...this.results, await this.measure(backend, steps)];
			}
		} finally {
			this.running = false;
			this.current = null;
		}
	}

	cancel(): void {
		this.cancelled = true;
		this.job?.cancel();
	}

	private async measure(backend: BackendName, steps: number): Promise<BackendMeasurement> {
		const client = new LearnerClient();
		try {
			this.current = `${backend}: starting`;
			const report = await client.start(backend);
			if (report.train !== backend) {
				const reason = report.trials.find((t) => t.name === backend)?.reason ?? 'not available';
				return { backend, available: false, reason };
			}
			this.job = client.measureTrainStep({ ...TRAIN_STEP_REQUEST, steps }, (done, total) => {
				this.current = `${backend}: step ${done} of ${total}`;
			});
			return { ...(await this.job.result), available: true, adapter: report.adapter };
		} catch (error) {
			if (error instanceof JobCancelled) return { backend, available: false, reason: 'cancelled' };
			return { backend, available: false, reason: error instanceof Error ? error.message : String(error) };
		} finally {
			this.job = undefined;
			client.terminate();
		}
	}
}
