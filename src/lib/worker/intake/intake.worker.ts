/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { intakeImage } from './image-intake';
import { runIntake } from './intake-run';
import type { IntakeApi } from './intake-protocol';

const cancelled = new Set<string>();

const api: IntakeApi = {
	async intake(job, report, jobId) {
		try {
			await runIntake(job, report, () => cancelled.has(jobId));
		} finally {
			cancelled.delete(jobId);
		}
	},
	prepare: (file, name) => intakeImage(file, name),
	cancel(jobId: string) {
		cancelled.add(jobId);
	}
};

Comlink.expose(api);
