/**
 * Initializers and attribute tensors as the native kernels hold them: FP16 widened to float32,
 * INT64 to float64 integers (src/kernels/tensor.ts says why). Other types are refused by name.
 */
import type { OnnxTensor } from '../onnx/tensorProto.js';
import { fromHalfBits } from '../protocol/fp16.js';
import type { NativeTensor } from './tensor.js';

export function fromOnnxTensor(t: OnnxTensor, where: string): NativeTensor {
  const shape = t.shape;
  switch (t.dtype) {
    case 'FP32':
      return { type: 'float32', shape, data: t.data as Float32Array };
    case 'FP16':
      return { type: 'float32', shape, data: Float32Array.from(t.data as Uint16Array, fromHalfBits) };
    case 'INT64':
      return { type: 'int64', shape, data: Float64Array.from(t.data as BigInt64Array, Number) };
    case 'INT32':
      return { type: 'int32', shape, data: t.data as Int32Array };
    case 'BOOL':
      return { type: 'bool', shape, data: t.data as Uint8Array };
    default:
      throw new Error(`${where}: element type ${t.dtype} is not supported by the native backend (float32, float16, int64, int32, bool)`);
  }
}
