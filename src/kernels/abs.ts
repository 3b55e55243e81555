/**
 * Abs: y = |x|. https://onnx.ai/onnx/operators/onnx__Abs.html
 *
 * Exact for float32 and int64; int32 |-2^31| wraps to -2^31 as in C.
 * Works in place (`out === x`).
 */
import { NUMERIC_TYPES, type NumericData } from './elementwise.js';
import type { OpFactory } from './op.js';
import { createUnaryKernel } from './unary.js';

export function abs(x: NumericData, out: NumericData): void {
  for (let i = 0, n = x.length; i < n; i++) out[i] = Math.abs(x[i]);
}

export const createAbs: OpFactory = (node) => createUnaryKernel(node, NUMERIC_TYPES, abs);
