/**
 * GlobalMaxPool: Y[n, c, 1, ...] = max over all spatial positions of X[n, c, ...].
 * https://onnx.ai/onnx/operators/onnx__GlobalMaxPool.html
 *
 * NaN propagates; a plane with no positions gives -Infinity.
 */
import { allocateFloat32 } from './bufferPool.js';
import { expectFloatInputs } from './expectFloat.js';
import { globalShape } from './globalAveragePool.js';
import { type NodeInfo, type OpKernel } from './op.js';
import type { NativeTensor } from './tensor.js';

export function createGlobalMaxPool(node: NodeInfo): OpKernel {
  expectFloatInputs(node, 1, 1);
  return {
    outputTypes: ['float32'],
    run(inputs) {
      const x = inputs[0] as NativeTensor;
      const [planes, volume, shape] = globalShape(node, x.shape);
      const data = x.data as Float32Array;
      const y = allocateFloat32(planes);
      for (let p = 0, at = 0; p < planes; p++) {
        let best = -Infinity;
        for (let end = at + volume; at < end; at++) {
          const v = data[at];
          if (v > best || v !== v) best = v;
        }
        y[p] = best;
      }
      return [{ type: 'float32', shape, data: y }];
    },
  };
}
