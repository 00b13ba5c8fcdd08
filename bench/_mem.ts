import * as tf from '@tensorflow/tfjs';
import { readFileSync, readdirSync } from 'node:fs';
import { useWasm } from './examples';
import { builtinBackbone, memoryFeatureStore, photoInput } from './photos';
import { ProjectSession } from '$lib/core/session/project-session';
export async function run() {
	await useWasm();
	const root = '/work/shared/data/cifar10-train-100';
	const cls = readdirSync(root).sort().slice(0, 3);
	const samples = cls.flatMap((c, ci) => [0, 1, 2, 3, 4].map((n) => { const bytes = new Uint8Array(readFileSync(`${root}/${c}/000${n}.jpg`)); return { id: `${c}${n}`, input: photoInput(bytes, 'x'), blob: new Blob([bytes]), classId: n < 2 ? c : undefined }; }));
	const session = await ProjectSession.open({ classIds: cls, samples, backbone: await builtinBackbone(memoryFeatureStore()) });
	await session.trainer.learnAll(3, () => false);
	for (const method of ['vanilla-gradient', 'occlusion', 'vanilla-gradient', 'occlusion', 'smoothgrad', 'integrated-gradients']) {
		const t = performance.now();
		await session.explanations.explain('bird3', method);
		const m = tf.memory() as tf.MemoryInfo & { numBytesInWASM?: number };
		console.log(method, Math.round(performance.now() - t), 'ms', m.numTensors, 'tensors', Math.round(m.numBytes / 1e6), 'MB', (tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } }).wasm?.HEAPU8.length);
	}
	session.dispose();
	console.log('after dispose', tf.memory().numTensors);
}
