/**
 * Exp: y = exp(x). https://onnx.ai/onnx/operators/onnx__Exp.html
 *
 * fastExp (./fastExpm1.ts): within 1 float32 ulp of the correctly rounded result; overflows to
 * +Infinity above ~88.7, underflows through the denormals to 0, NaN propagates.
 * Works in place (`out === x`).
 */
import { FLOAT_TYPES } from './elementwise.js';
import { fastExp } from './fastExpm1.js';
import type { OpFactory } from './op.js';
import { createUnaryKernel } from './unary.js';

export function exp(x: Float32Array, out: Float32Array): void {
  for (let i = 0, n = x.length; i < n; i++) out[i] = fastExp(x[i]);
}

export const createExp: OpFactory = (node) => createUnaryKernel(node, FLOAT_TYPES, exp);
