import * as Comlink from 'comlink';
import type { IntakeResult } from './image-intake';
import type { IntakeApi, IntakeJob, IntakeUpdate } from './intake-protocol';

/** A running import: how it ended (and how many samples it stored), and a way to stop it after the batch in hand. */
export interface IntakeRun {
	result: Promise<{ end: 'done' | 'cancelled' | 'failed'; stored: number; error?: unknown }>;
	cancel(): void;
}

/** The UI thread's handle on one intake worker, which decodes and stores images off the main thread. */
export class IntakeClient {
	private readonly worker = new Worker(new URL('./intake.worker.ts', import.meta.url), { type: 'module', name: 'intake' });
	private readonly api = Comlink.wrap<IntakeApi>(this.worker);
	private nextJob = 0;

	run(job: IntakeJob, onError: (index: number, name: string, message: string) => void, onProgress?: (done: number, total: number, stored: number) => void): IntakeRun {
		const id = `intake-${++this.nextJob}`;
		const result = new Promise<Awaited<IntakeRun['result']>>((resolve, reject) => {
			const report = (u: IntakeUpdate) => {
				if (u.type === 'item-error') onError(u.index, u.name, u.message);
				else if (u.type === 'progress') onProgress?.(u.done, u.total, u.stored);
				else resolve({ end: u.type, stored: u.stored, ...(u.type === 'failed' ? { error: u.error } : {}) });
			};
			this.api.intake(job, Comlink.proxy(report), id).catch(reject);
		});
		return { result, cancel: () => void this.api.cancel(id) };
	}

	/** Decodes one image without storing it. */
	prepare(file: Blob, name: string): Promise<IntakeResult> {
		return this.api.prepare(file, name);
	}

	terminate(): void {
		this.api[Comlink.releaseProxy]();
		this.worker.terminate();
	}
}
