// A tiny TensorFlow.js graph model, as the files a user would pick (model.json and one weights file),
// made here rather than downloaded. Shared by the tests and the update-latency benchmark.

export const TINY_SIDE = 16;

/** @param {...number} sizes */
const dims = (...sizes) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
/** @param {string} s */
const text = (s) => ({ s: Buffer.from(s).toString('base64') });

/** Edge detectors on luminance: stripes and rings light up different ones. */
function edgeFilters() {
	const sobelX = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
	const sobelY = [-1, -2, -1, 0, 0, 0, 1, 2, 1];
	const laplace = [0, 1, 0, 1, -4, 1, 0, 1, 0];
	const diagonal = [0, 1, 2, -1, 0, 1, -2, -1, 0];
	const kernels = [sobelX, sobelY, sobelX.map((v) => -v), sobelY.map((v) => -v), laplace, laplace.map((v) => -v), diagonal, diagonal.map((v) => -v)];
	const out = new Float32Array(3 * 3 * 3 * kernels.length); // [h, w, in, out]
	for (let k = 0; k < 9; k++) for (let c = 0; c < 3; c++) kernels.forEach((kernel, o) => (out[(k * 3 + c) * kernels.length + o] = /** @type {number} */ (kernel[k]) / 3));
	return out;
}

/**
 * A graph model (as tensorflowjs_converter writes one): image [n, 16, 16, 3] -> conv 3x3 (8 edge
 * filters, stride 2) -> ReLU -> mean over height and width -> 8 features.
 * @returns {{ json: Record<string, unknown>, weights: Uint8Array, weightsName: string }}
 */
export function tinyGraphModel() {
	const node = [
		{ name: 'image', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dims(-1, TINY_SIDE, TINY_SIDE, 3) } } },
		{ name: 'filters', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(3, 3, 3, 8) } } } },
		{
			name: 'conv',
			op: 'Conv2D',
			input: ['image', 'filters'],
			attr: { T: { type: 'DT_FLOAT' }, strides: { list: { i: ['1', '2', '2', '1'] } }, padding: text('SAME'), data_format: text('NHWC'), dilations: { list: { i: ['1', '1', '1', '1'] } } }
		},
		{ name: 'relu', op: 'Relu', input: ['conv'], attr: { T: { type: 'DT_FLOAT' } } },
		{ name: 'axes', op: 'Const', attr: { dtype: { type: 'DT_INT32' }, value: { tensor: { dtype: 'DT_INT32', tensorShape: dims(2) } } } },
		{ name: 'features', op: 'Mean', input: ['relu', 'axes'], attr: { keep_dims: { b: false }, T: { type: 'DT_FLOAT' }, Tidx: { type: 'DT_INT32' } } }
	];
	const filters = edgeFilters();
	const weights = new Uint8Array(filters.byteLength + 8);
	weights.set(new Uint8Array(filters.buffer), 0);
	weights.set(new Uint8Array(Int32Array.from([1, 2]).buffer), filters.byteLength);
	return {
		json: {
			format: 'graph-model',
			generatedBy: 'attune tests',
			convertedBy: 'hand',
			modelTopology: { node, library: {}, versions: { producer: 1 } },
			weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'filters', shape: [3, 3, 3, 8], dtype: 'float32' }, { name: 'axes', shape: [2], dtype: 'int32' }] }]
		},
		weights,
		weightsName: 'group1-shard1of1.bin'
	};
}

