/**
 * The native backend's boundary: request tensors (the model layer's contract) into the kernels'
 * types and back. FP16 widens to float32 inside and narrows back on the way out; INT64 travels
 * inside as float64 integers (src/kernels/tensor.ts).
 */
import type { NativeTensor } from '../../kernels/tensor.js';
import { fromHalfBits, toHalfBits } from '../../protocol/fp16.js';
import type { Tensor } from '../types.js';
import type { GraphValue } from './modelProto.js';

const FLOAT16 = 10;

export function toNative(tensor: Tensor, spec: GraphValue): NativeTensor {
  const { shape, data } = tensor;
  switch (tensor.datatype) {
    case 'FP32':
      return { type: 'float32', shape, data: data as Float32Array };
    case 'FP16':
      return { type: 'float32', shape, data: Float32Array.from(data as Uint16Array, fromHalfBits) };
    case 'INT64':
      return { type: 'int64', shape, data: Float64Array.from(data as BigInt64Array, Number) };
    case 'INT32':
      return { type: 'int32', shape, data: data as Int32Array };
    case 'BOOL':
      return { type: 'bool', shape, data: data as Uint8Array };
    default:
      throw new Error(`input '${spec.name}' is ${tensor.datatype}, which the native backend does not take`);
  }
}

export function fromNative(value: NativeTensor, spec: GraphValue): Tensor {
  const name = spec.name;
  const shape = [...value.shape];
  switch (value.type) {
    case 'float32':
      if (spec.elemType === FLOAT16) return { name, datatype: 'FP16', shape, data: Uint16Array.from(value.data as Float32Array, toHalfBits) };
      return { name, datatype: 'FP32', shape, data: value.data as Float32Array };
    case 'int64':
      return { name, datatype: 'INT64', shape, data: BigInt64Array.from(value.data as Float64Array, (v) => BigInt(v)) };
    case 'int32':
      return { name, datatype: 'INT32', shape, data: value.data as Int32Array };
    case 'bool':
      return { name, datatype: 'BOOL', shape, data: value.data as Uint8Array };
  }
}
