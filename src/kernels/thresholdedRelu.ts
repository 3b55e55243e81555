/**
 * ThresholdedRelu: y = x > alpha ? x : 0. https://onnx.ai/onnx/operators/onnx__ThresholdedRelu.html
 *
 * alpha is rounded to float32. NaN propagates (ONNX Runtime's select gives 0 there; we keep
 * NaN, as every other activation here does). Works in place (`out === x`).
 */
import { FLOAT_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import { createUnaryKernel } from './unary.js';

/** ONNX default: https://onnx.ai/onnx/operators/onnx__ThresholdedRelu.html */
export const THRESHOLDED_RELU_DEFAULT_ALPHA = 1.0;

export function thresholdedRelu(x: Float32Array, alpha: number, out: Float32Array): void {
  const a = Math.fround(alpha);
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    out[i] = v <= a ? 0 : v;
  }
}

export const createThresholdedRelu: OpFactory = (node) => {
  const alpha = node.attributes.float('alpha', THRESHOLDED_RELU_DEFAULT_ALPHA);
  return createUnaryKernel<Float32Array>(node, FLOAT_TYPES, (x, out) => thresholdedRelu(x, alpha, out));
};
