/**
 * GlobalAveragePool: Y[n, c, 1, ...] = mean over all spatial positions of X[n, c, ...].
 * https://onnx.ai/onnx/operators/onnx__GlobalAveragePool.html
 *
 * Sums are float64, rounded once on store. A plane with no positions gives NaN (0 / 0).
 */
import { allocateFloat32 } from './bufferPool.js';
import { expectFloatInputs } from './expectFloat.js';
import { OpError, type NodeInfo, type OpKernel } from './op.js';
import { shapeText, sizeOf, type NativeTensor } from './tensor.js';

export function createGlobalAveragePool(node: NodeInfo): OpKernel {
  expectFloatInputs(node, 1, 1);
  return {
    outputTypes: ['float32'],
    run(inputs) {
      const x = inputs[0] as NativeTensor;
      const [planes, volume, shape] = globalShape(node, x.shape);
      const data = x.data as Float32Array;
      const y = allocateFloat32(planes);
      for (let p = 0, at = 0; p < planes; p++) {
        let sum = 0;
        for (let end = at + volume; at < end; at++) sum += data[at];
        y[p] = sum / volume;
      }
      return [{ type: 'float32', shape, data: y }];
    },
  };
}

/** [N * C, spatial volume, output shape [N, C, 1, ...]]; X must have rank >= 3. */
export function globalShape(node: NodeInfo, shape: readonly number[]): [number, number, number[]] {
  if (shape.length < 3) throw new OpError(node, `input X must be [N, C, spatial...], got shape ${shapeText(shape)}`);
  return [shape[0] * shape[1], sizeOf(shape.slice(2)), [shape[0], shape[1], ...shape.slice(2).map(() => 1)]];
}
