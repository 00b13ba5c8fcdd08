import { isBackendName, type BackendName, type BackendReport } from '$lib/core/types';
import { forgetMeasuredBackends, getForcedBackend, setForcedBackend } from '$lib/storage/settings';
import { LearnerClient } from '$lib/worker/client';
import { appErrors } from './errors.svelte';

/** `?backend=wasm` in the address forces a backend for this page load only (handy on a shared device). */
function backendFromAddress(): BackendName | null {
	const value = new URLSearchParams(window.location.search).get('backend');
	return isBackendName(value) ? value : null;
}

/** The app's learner worker: which backend it chose, why, and the user's override. */
class LearnerState {
	status = $state<'idle' | 'starting' | 'ready' | 'failed'>('idle');
	report = $state<BackendReport | null>(null);
	forced = $state<BackendName | null>(null);
	failure = $state<string | null>(null);
	private client: LearnerClient | undefined;
	private readyWaiters: ((client: LearnerClient) => void)[] = [];

	/** The worker, once it has chosen its backend. */
	whenReady(): Promise<LearnerClient> {
		if (this.status === 'ready' && this.client) return Promise.resolve(this.client);
		return new Promise((resolve) => this.readyWaiters.push(resolve));
	}

	/** Starts the worker (idempotent). The first paint never waits for this. */
	async start(): Promise<void> {
		if (this.status !== 'idle') return;
		this.status = 'starting';
		try {
			this.forced = backendFromAddress() ?? (await getForcedBackend());
			this.client = new LearnerClient();
			this.report = await this.client.start(this.forced);
			this.status = 'ready';
			for (const resolve of this.readyWaiters.splice(0)) resolve(this.client);
		} catch (error) {
			this.status = 'failed';
			this.failure = error instanceof Error ? error.message : String(error);
		}
	}

	/** Saves the user's choice and restarts the worker on it. */
	force(backend: BackendName | null): Promise<void> {
		return this.restartAfter(() => setForcedBackend(backend));
	}

	/** Forgets what the backends measured at an earlier start and restarts the worker, which tries every backend again. */
	measureAgain(): Promise<void> {
		return this.restartAfter(forgetMeasuredBackends);
	}

	private async restartAfter(change: () => Promise<void>): Promise<void> {
		try {
			await change();
		} catch (error) {
			appErrors.show(error);
			return;
		}
		this.client?.terminate();
		this.client = undefined;
		this.report = null;
		this.status = 'idle';
		await this.start();
	}
}

export const learner = new LearnerState();
