import * as tf from '@tensorflow/tfjs';
import { buildImageCnn } from '../model/image-cnn';
import { trainStep } from '../model/train-step';
import type { BackendName } from '../types';
import { CancelledError } from './fallback';

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

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Times full training steps of the default image CNN on the active backend. */
export async function measureTrainStep(
	request: TrainStepRequest,
	onProgress: (done: number, total: number) => void,
	isCancelled: () => boolean
): Promise<TrainStepResult> {
	const before = tf.memory().numTensors;
	const { batch, height, width, channels, classes, warmup, steps } = request;
	const model = buildImageCnn({ height, width, channels, classes });
	const optimizer = tf.train.adam(1e-3);
	const xs = tf.randomUniform([batch, height, width, channels], 0, 1, 'float32', 1);
	const ys = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32', 2), classes));
	const times: number[] = [];
	try {
		for (let i = 0; i < warmup + steps; i++) {
			if (isCancelled()) throw new CancelledError();
			const started = performance.now();
			const loss = await trainStep(model, optimizer, xs, ys);
			if (!Number.isFinite(loss)) throw new Error(`training step ${i} produced loss ${loss}`);
			if (i >= warmup) times.push(performance.now() - started);
			onProgress(i + 1, warmup + steps);
		}
	} finally {
		tf.dispose([xs, ys]);
		optimizer.dispose();
		model.dispose();
	}
	const sorted = [...times].sort((a, b) => a - b);
	const round = (v: number) => Math.round(v * 10) / 10;
	return {
		backend: tf.getBackend() as BackendName,
		steps,
		median_ms: round(percentile(sorted, 50)),
		p95_ms: round(percentile(sorted, 95)),
		mean_ms: round(times.reduce((a, b) => a + b, 0) / times.length),
		leaked_tensors: tf.memory().numTensors - before
	};
}
