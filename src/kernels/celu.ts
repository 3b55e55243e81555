/**
 * Celu: y = max(0, x) + min(0, alpha * (exp(x / alpha) - 1)). https://onnx.ai/onnx/operators/onnx__Celu.html
 *
 * x > 0 gives x exactly; otherwise alpha * expm1(x / alpha) from fastExpm1 (about 1 float32
 * ulp). alpha is rounded to float32 and must not be 0. celu(-0) = +0, NaN propagates.
 * Works in place (`out === x`).
 */
import { FLOAT_TYPES } from './elementwise.js';
import { fastExpm1 } from './fastExpm1.js';
import { OpError, type OpFactory } from './op.js';
import { createUnaryKernel } from './unary.js';

/** ONNX default: https://onnx.ai/onnx/operators/onnx__Celu.html */
export const CELU_DEFAULT_ALPHA = 1.0;

export function celu(x: Float32Array, alpha: number, out: Float32Array): void {
  const a = Math.fround(alpha);
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    // + 0 turns the -0 of expm1(-0) into +0.
    out[i] = v > 0 ? v : a * fastExpm1(v / a) + 0;
  }
}

export const createCelu: OpFactory = (node) => {
  const alpha = node.attributes.float('alpha', CELU_DEFAULT_ALPHA);
  if (alpha === 0) throw new OpError(node, 'alpha must not be 0');
  return createUnaryKernel<Float32Array>(node, FLOAT_TYPES, (x, out) => celu(x, alpha, out));
};
