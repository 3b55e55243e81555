/**
 * HardSigmoid: y = max(0, min(1, alpha * x + beta)). https://onnx.ai/onnx/operators/onnx__HardSigmoid.html
 *
 * alpha and beta are rounded to float32; the affine part runs in double and rounds once.
 * NaN propagates. Works in place (`out === x`).
 */
import { FLOAT_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import { createUnaryKernel } from './unary.js';

/** ONNX defaults: https://onnx.ai/onnx/operators/onnx__HardSigmoid.html */
export const HARD_SIGMOID_DEFAULT_ALPHA = 0.2;
export const HARD_SIGMOID_DEFAULT_BETA = 0.5;

export function hardSigmoid(x: Float32Array, alpha: number, beta: number, out: Float32Array): void {
  const a = Math.fround(alpha);
  const b = Math.fround(beta);
  for (let i = 0, n = x.length; i < n; i++) {
    const v = a * x[i] + b;
    // Ternaries, not Math.min/max: a NaN fails both tests and passes through.
    out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
}

export const createHardSigmoid: OpFactory = (node) => {
  const alpha = node.attributes.float('alpha', HARD_SIGMOID_DEFAULT_ALPHA);
  const beta = node.attributes.float('beta', HARD_SIGMOID_DEFAULT_BETA);
  return createUnaryKernel<Float32Array>(node, FLOAT_TYPES, (x, out) => hardSigmoid(x, alpha, beta, out));
};
