import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MEASUREMENT_KEPT_MS, reuseMeasured, selectBackends as sut, type BackendCandidate, type MeasuredSelection } from '$lib/core/backend/select';
import { smokeTest } from '$lib/core/backend/smoke';
import type { BackendName } from '$lib/core/types';
import { cpuKernel, registerSimulatedBackend } from '../../helpers/simulated-backend';

/** A candidate named like a real backend but backed by a tfjs backend the test controls. */
function candidate(name: BackendName, tfBackend: string, software = false): BackendCandidate {
	return { name, activate: () => tf.setBackend(tfBackend), isSoftware: () => software };
}

function nanConv(): tf.KernelFunc {
	return (args) => {
		const out = cpuKernel('Conv2D')(args) as tf.TensorInfo;
		const backend = args.backend as unknown as { data: { get(id: unknown): { values: Float32Array } } };
		backend.data.get(out.dataId).values.fill(NaN);
		return out;
	};
}

describe('selectBackends', () => {
	it('skips a backend whose training step yields NaN, and says why', async () => {
		registerSimulatedBackend('nan-gpu', { Conv2D: nanConv() });

		const result = await sut([candidate('webgpu', 'nan-gpu'), candidate('cpu', 'cpu')], smokeTest, null);

		expect(result.train).toBe('cpu');
		expect(result.trials[0]).toMatchObject({ name: 'webgpu', ok: false, reason: expect.stringMatching(/non-finite/) });
		expect(tf.getBackend()).toBe('cpu');
	});

	it('skips a backend that cannot start', async () => {
		const dead: BackendCandidate = { name: 'webgl', activate: async () => false };

		const result = await sut([dead, candidate('cpu', 'cpu')], smokeTest, null);

		expect(result.train).toBe('cpu');
		expect(result.trials[0]).toMatchObject({ name: 'webgl', ok: false, reason: 'not available in this browser' });
	});

	it('uses a forced backend alone when it works', async () => {
		registerSimulatedBackend('fine-gpu');

		const result = await sut([candidate('webgpu', 'fine-gpu'), candidate('cpu', 'cpu')], smokeTest, 'cpu');

		expect(result).toMatchObject({ train: 'cpu', predict: 'cpu' });
		expect(result.trials.map((t) => t.name)).toEqual(['cpu']);
	});

	it('falls back to the usual order when the forced backend fails', async () => {
		registerSimulatedBackend('nan-gpu', { Conv2D: nanConv() });

		const result = await sut([candidate('cpu', 'cpu'), candidate('webgpu', 'nan-gpu')], smokeTest, 'webgpu');

		expect(result.train).toBe('cpu');
		expect(result.trials.map((t) => [t.name, t.ok])).toEqual([['webgpu', false], ['cpu', true]]);
	});

	it('puts a software-emulated GPU behind the hardware backends for training', async () => {
		registerSimulatedBackend('soft-gpu');

		const result = await sut([candidate('webgpu', 'soft-gpu', true), candidate('cpu', 'cpu')], smokeTest, null);

		expect(result.train).toBe('cpu');
		expect(result.trials.find((t) => t.name === 'webgpu')?.reason).toMatch(/software/);
	});
});

describe('reuseMeasured', () => {
	/** Counts how often each candidate is started. */
	function counted(candidates: BackendCandidate[]) {
		const started = new Map<string, number>();
		return {
			started,
			candidates: candidates.map((c) => ({ ...c, activate: () => (started.set(c.name, (started.get(c.name) ?? 0) + 1), c.activate()) }))
		};
	}

	async function measuredOn(candidates: BackendCandidate[], at = Date.now()): Promise<MeasuredSelection> {
		const selection = await sut(candidates, smokeTest, null);
		return { ...selection, fallback: ['cpu'], measuredAt: at };
	}

	it('starts on the measured backend after its smoke test alone, keeping the other trials as measured', async () => {
		registerSimulatedBackend('fine-gpu');
		const measured = await measuredOn([candidate('webgpu', 'fine-gpu'), candidate('cpu', 'cpu')]);
		const { started, candidates } = counted([candidate('webgpu', 'fine-gpu'), candidate('cpu', 'cpu')]);

		const result = await reuseMeasured(candidates, smokeTest, measured);

		expect(result?.train).toBe('webgpu');
		expect([...started]).toEqual([['webgpu', 1]]);
		expect(result?.trials.map((t) => t.name)).toEqual(['webgpu', 'cpu']);
		expect(tf.getBackend()).toBe('fine-gpu');
	});

	it('measures again (null) when the measured backend fails its smoke test now, or the measurement is too old', async () => {
		registerSimulatedBackend('fine-gpu');
		const measured = await measuredOn([candidate('webgpu', 'fine-gpu'), candidate('cpu', 'cpu')]);
		registerSimulatedBackend('fine-gpu', { Conv2D: nanConv() }); // the driver went bad since

		expect(await reuseMeasured([candidate('webgpu', 'fine-gpu'), candidate('cpu', 'cpu')], smokeTest, measured)).toBeNull();
		registerSimulatedBackend('fine-gpu');
		expect(await reuseMeasured([candidate('webgpu', 'fine-gpu')], smokeTest, measured, measured.measuredAt + MEASUREMENT_KEPT_MS + 1)).toBeNull();
		expect(await reuseMeasured([candidate('cpu', 'cpu')], smokeTest, measured)).toBeNull(); // that backend is gone
	});
});
