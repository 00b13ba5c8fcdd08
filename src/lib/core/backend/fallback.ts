import type { BackendName } from '../types';

/** A job was cancelled by the user; never a reason to drop a backend. */
export class CancelledError extends Error {
	constructor() {
		super('cancelled');
		this.name = 'CancelledError';
	}
}

export interface BackendDrop {
	from: BackendName;
	to: BackendName;
	reason: string;
}

/**
 * Runs learner jobs on the current backend and, when one throws mid-way, drops that backend for the
 * next working one and runs the same job again from its start. A job must therefore rebuild what it
 * needs (its model from the last saved weights, its batch from the stored samples) rather than lean
 * on tensors from before it began: that is what keeps the pending update from being lost.
 */
export class BackendFallback {
	readonly drops: BackendDrop[] = [];
	private readonly queue: BackendName[];

	constructor(
		current: BackendName,
		next: readonly BackendName[],
		private readonly activate: (name: BackendName) => Promise<boolean>
	) {
		this.current = current;
		this.queue = next.filter((n) => n !== current);
	}

	current: BackendName;

	async run<T>(job: (backend: BackendName) => Promise<T>): Promise<T> {
		for (;;) {
			try {
				return await job(this.current);
			} catch (error) {
				if (error instanceof CancelledError) throw error;
				const reason = error instanceof Error ? error.message : String(error);
				const to = await this.switchToNext();
				if (!to) throw error;
				this.drops.push({ from: this.current, to, reason });
				this.current = to;
			}
		}
	}

	private async switchToNext(): Promise<BackendName | undefined> {
		for (let name = this.queue.shift(); name; name = this.queue.shift()) {
			try {
				if (await this.activate(name)) return name;
			} catch {
				// That one is gone too; keep going down the list.
			}
		}
		return undefined;
	}
}
