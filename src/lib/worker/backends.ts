import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendCandidate } from '$lib/core/backend/select';
import { registerWasmTrainingKernels } from '$lib/core/backend/wasm-training-kernels';
import type { BackendName } from '$lib/core/types';

// The .wasm binaries are served from our own origin (and precached), never from a CDN.
setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
registerWasmTrainingKernels();

let gpuAdapterInfo: GPUAdapterInfo | null | undefined;

async function webGpuAdapterInfo(): Promise<GPUAdapterInfo | null> {
	if (gpuAdapterInfo === undefined) {
		const adapter = 'gpu' in navigator ? await navigator.gpu.requestAdapter().catch(() => null) : null;
		gpuAdapterInfo = adapter?.info ?? null;
	}
	return gpuAdapterInfo;
}

function webGlRenderer(): string | null {
	const backend = tf.findBackend('webgl') as unknown as { gpgpu?: { gl: WebGL2RenderingContext } } | null;
	const gl = backend?.gpgpu?.gl;
	if (!gl) return null;
	const debug = gl.getExtension('WEBGL_debug_renderer_info');
	return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|software/i;

async function activate(name: BackendName): Promise<boolean> {
	if (name === 'webgpu' && !(await webGpuAdapterInfo())) return false;
	return tf.setBackend(name);
}

/** What a user can read about the GPU behind a backend, where there is one. */
export async function describeAdapter(name: BackendName): Promise<string | undefined> {
	if (name === 'webgpu') {
		const info = await webGpuAdapterInfo();
		if (!info) return undefined;
		const text = [info.vendor, info.architecture, info.description].filter(Boolean).join(' · ');
		return info.isFallbackAdapter ? `${text} (software fallback adapter)` : text;
	}
	if (name === 'webgl') return webGlRenderer() ?? undefined;
	return undefined;
}

/** The backends this browser may offer, in the order they are tried. */
export async function browserCandidates(): Promise<BackendCandidate[]> {
	const info = await webGpuAdapterInfo();
	return [
		{ name: 'webgpu', activate: () => activate('webgpu'), isSoftware: () => Boolean(info?.isFallbackAdapter) },
		{ name: 'webgl', activate: () => activate('webgl'), isSoftware: () => SOFTWARE_RENDERER.test(webGlRenderer() ?? '') },
		{ name: 'wasm', activate: () => activate('wasm') },
		{ name: 'cpu', activate: () => activate('cpu') }
	];
}

export { activate as activateBackend };
