/**
 * Neg: y = -x. https://onnx.ai/onnx/operators/onnx__Neg.html
 *
 * Exact for float32 and int64; int32 -(-2^31) wraps to -2^31 as in C.
 * Works in place (`out === x`).
 */
import { NUMERIC_TYPES, type NumericData } from './elementwise.js';
import type { OpFactory } from './op.js';
import { createUnaryKernel } from './unary.js';

export function neg(x: NumericData, out: NumericData): void {
  for (let i = 0, n = x.length; i < n; i++) out[i] = -x[i];
}

export const createNeg: OpFactory = (node) => createUnaryKernel(node, NUMERIC_TYPES, neg);
