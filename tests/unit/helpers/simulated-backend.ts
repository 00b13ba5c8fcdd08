import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

/**
 * Registers a tfjs backend that behaves like the CPU backend except for the kernels overridden, so a
 * test can simulate a GPU backend that computes garbage or dies mid-training.
 */
export function registerSimulatedBackend(name: string, overrides: Record<string, tf.KernelFunc> = {}): void {
	if (tf.findBackendFactory(name)) tf.removeBackend(name);
	tf.registerBackend(name, () => new MathBackendCPU(), 0);
	for (const kernel of tf.getKernelsForBackend('cpu')) {
		if (tf.getKernel(kernel.kernelName, name)) tf.unregisterKernel(kernel.kernelName, name);
		tf.registerKernel({ ...kernel, backendName: name, kernelFunc: overrides[kernel.kernelName] ?? kernel.kernelFunc });
	}
}

/** The CPU kernel for `kernelName`, to wrap in an override. */
export function cpuKernel(kernelName: string): tf.KernelFunc {
	const kernel = tf.getKernel(kernelName, 'cpu');
	if (!kernel) throw new Error(`no cpu kernel ${kernelName}`);
	return kernel.kernelFunc;
}
