import * as tf from '@tensorflow/tfjs';
import { useWasm } from './examples';
import { builtinBackbone, memoryFeatureStore } from './photos';
import { Backbone } from '$lib/core/model/backbone';
export async function run() {
	await useWasm();
	const bb = await builtinBackbone(memoryFeatureStore());
	const backbone = await Backbone.load(bb.artifacts, 'layers', '-1..1');
	const x = tf.randomUniform([1, 224, 224, 3], 0, 255) as tf.Tensor4D;
	const g = () => tf.grad((i: tf.Tensor) => tf.sum(backbone.features(i as tf.Tensor4D).slice([0, 0], [1, 10])))(x);
	tf.dispose(g());
	const prof = await tf.profile(() => g());
	const by = new Map<string, number>();
	for (const k of prof.kernels) by.set(k.name, (by.get(k.name) ?? 0) + (k.kernelTimeMs as number));
	console.log([...by].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, t]) => `${n} ${t.toFixed(0)}`).join('\n'));
	const t = performance.now(); tf.dispose(g()); console.log('total', performance.now() - t);
}
