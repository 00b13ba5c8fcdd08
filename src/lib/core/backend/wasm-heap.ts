import type * as tf from '@tensorflow/tfjs';

/** What the training kernels written here use of tfjs-backend-wasm's backend object. */
export interface WasmBackendLike {
	makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
	/** A view of a tensor's data on the WASM heap: take views again after every allocation, as the heap may move when it grows. */
	typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
	disposeData(dataId: tf.TensorInfo['dataId']): boolean;
}
