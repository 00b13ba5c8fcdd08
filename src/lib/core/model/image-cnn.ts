import * as tf from '@tensorflow/tfjs';

export interface ImageCnnSpec {
	height: number;
	width: number;
	channels: 1 | 3;
	classes: number;
	seed?: number;
}

/** The default image model, trained from scratch: conv16-pool-conv32-pool-dense64-softmax. */
export function buildImageCnn(spec: ImageCnnSpec): tf.Sequential {
	const seed = spec.seed ?? 42;
	const init = (offset: number) => tf.initializers.heNormal({ seed: seed + offset });
	return tf.sequential({
		name: 'image_cnn',
		layers: [
			tf.layers.conv2d({
				inputShape: [spec.height, spec.width, spec.channels],
				filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(0)
			}),
			tf.layers.maxPooling2d({ poolSize: 2 }),
			tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
			tf.layers.maxPooling2d({ poolSize: 2 }),
			tf.layers.flatten(),
			tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(2) }),
			tf.layers.dense({ units: spec.classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }) })
		]
	});
}
