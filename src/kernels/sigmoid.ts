/**
 * Sigmoid: y = 1 / (1 + exp(-x)). https://onnx.ai/onnx/operators/onnx__Sigmoid.html
 *
 * Computed from e = exp(-|x|), which never overflows: y = 1 / (1 + e) for x >= 0 and
 * e / (1 + e) below, so large negative x keeps its tiny (denormal) result instead of 1 - 1.
 * fastExp keeps the result within about 1 float32 ulp. NaN propagates.
 * Works in place (`out === x`).
 */
import { FLOAT_TYPES } from './elementwise.js';
import { fastExp } from './fastExpm1.js';
import type { OpFactory } from './op.js';
import { createUnaryKernel } from './unary.js';

/** [e, 1] by the sign test: the numerator without a branch on random signs. */
const NUMERATOR = new Float64Array(2);

export function sigmoid(x: Float32Array, out: Float32Array): void {
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    const e = fastExp(-Math.abs(v));
    NUMERATOR[0] = e;
    NUMERATOR[1] = 1;
    out[i] = NUMERATOR[+(v >= 0)] / (1 + e);
  }
}

export const createSigmoid: OpFactory = (node) => createUnaryKernel(node, FLOAT_TYPES, sigmoid);
