/**
 * Log: y = ln(x). https://onnx.ai/onnx/operators/onnx__Log.html
 *
 * Math.log rounded once on store; log(±0) = -Infinity, negative x gives NaN.
 * Works in place (`out === x`).
 */
import { FLOAT_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import { createUnaryKernel } from './unary.js';

export function log(x: Float32Array, out: Float32Array): void {
  for (let i = 0, n = x.length; i < n; i++) out[i] = Math.log(x[i]);
}

export const createLog: OpFactory = (node) => createUnaryKernel(node, FLOAT_TYPES, log);
