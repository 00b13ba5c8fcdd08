import * as Comlink from 'comlink';
import type { IntakeResult } from './image-intake';
import type { IntakeApi, IntakeFile, IntakeUpdate } from './intake-protocol';

/** A running intake: how it ended, and a way to stop it after the file in hand. */
export interface IntakeRun {
	result: Promise<'done' | 'cancelled'>;
	cancel(): void;
}

/** The UI thread's handle on one intake worker, which decodes images off the main thread. */
export class IntakeClient {
	private readonly worker = new Worker(new URL('./intake.worker.ts', import.meta.url), { type: 'module', name: 'intake' });
	private readonly api = Comlink.wrap<IntakeApi>(this.worker);
	private nextJob = 0;

	run(
		files: IntakeFile[],
		onItem: (index: number, result: IntakeResult) => void,
		onError: (index: number, name: string, message: string) => void,
		onProgress?: (done: number, total: number) => void
	): IntakeRun {
		const id = `intake-${++this.nextJob}`;
		const result = new Promise<'done' | 'cancelled'>((resolve, reject) => {
			const report = (u: IntakeUpdate) => {
				if (u.type === 'item') onItem(u.index, u.result);
				else if (u.type === 'item-error') onError(u.index, u.name, u.message);
				else if (u.type === 'progress') onProgress?.(u.done, u.total);
				else resolve(u.type);
			};
			this.api.intake(files, Comlink.proxy(report), id).catch(reject);
		});
		return { result, cancel: () => void this.api.cancel(id) };
	}

	terminate(): void {
		this.api[Comlink.releaseProxy]();
		this.worker.terminate();
	}
}
