/**
 * Softplus: y = ln(1 + exp(x)). https://onnx.ai/onnx/operators/onnx__Softplus.html
 *
 * Computed as log1p(exp(-|x|)) + max(x, 0): exp never overflows and large x gives x exactly.
 * NaN propagates; softplus(-Infinity) = 0, softplus(+Infinity) = +Infinity.
 * Works in place (`out === x`).
 */
import { FLOAT_TYPES } from './elementwise.js';
import { fastExp } from './fastExpm1.js';
import type { OpFactory } from './op.js';
import { createUnaryKernel } from './unary.js';

export function softplus(x: Float32Array, out: Float32Array): void {
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    out[i] = Math.log1p(fastExp(-Math.abs(v))) + (v > 0 ? v : 0);
  }
}

export const createSoftplus: OpFactory = (node) => createUnaryKernel(node, FLOAT_TYPES, softplus);
