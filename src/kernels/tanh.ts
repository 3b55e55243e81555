/**
 * Tanh: y = tanh(x). https://onnx.ai/onnx/operators/onnx__Tanh.html
 *
 * From t = expm1(2|x|): tanh|x| = t / (t + 2), with x's sign put back, so there is no
 * cancellation near 0 and no overflow (fastExpm1 clamps, the ratio goes to 1).
 * fastExpm1 keeps the result within about 1 float32 ulp. tanh(-0) = -0, NaN propagates.
 * Works in place (`out === x`).
 */
import { FLOAT_TYPES } from './elementwise.js';
import { fastExpm1 } from './fastExpm1.js';
import type { OpFactory } from './op.js';
import { createUnaryKernel } from './unary.js';

export function tanh(x: Float32Array, out: Float32Array): void {
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    const t = fastExpm1(2 * Math.abs(v));
    // Math.sign keeps -0 and NaN.
    out[i] = Math.sign(v) * (t / (t + 2));
  }
}

export const createTanh: OpFactory = (node) => createUnaryKernel(node, FLOAT_TYPES, tanh);
