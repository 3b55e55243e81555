/**
 * Sqrt: y = sqrt(x). https://onnx.ai/onnx/operators/onnx__Sqrt.html
 *
 * Correctly rounded (double sqrt of a float, rounded once on store); sqrt(-0) = -0, negative
 * x gives NaN. Works in place (`out === x`).
 */
import { FLOAT_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import { createUnaryKernel } from './unary.js';

export function sqrt(x: Float32Array, out: Float32Array): void {
  for (let i = 0, n = x.length; i < n; i++) out[i] = Math.sqrt(x[i]);
}

export const createSqrt: OpFactory = (node) => createUnaryKernel(node, FLOAT_TYPES, sqrt);
