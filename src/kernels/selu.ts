import { scaledElu, scaledEluBackward } from './elu.js';
import { FLOAT_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import type { FloatArray } from './types.js';
import { createUnaryKernel } from './unary.js';

/** ONNX defaults (exact float32 values): https://onnx.ai/onnx/operators/onnx__Selu.html */
export const SELU_DEFAULT_ALPHA = 1.67326319217681884765625;
export const SELU_DEFAULT_GAMMA = 1.05070102214813232421875;

/**
 * Selu: y = gamma * (x > 0 ? x : alpha * (exp(x) - 1)). https://onnx.ai/onnx/operators/onnx__Selu.html
 *
 * Computed as PyTorch does, as an Elu with scales: x > 0 ? gamma * x : (alpha * gamma) * expm1(x).
 * Float32 `out`: alpha and gamma rounded to float32 and their product rounded again, so the
 * positive side matches PyTorch's float32 result bit for bit; the negative side is within 1 ulp.
 * NaN propagates, selu(-0) = +0, selu(-Infinity) = -alpha * gamma. Works in place (`out === x`).
 */
export function selu(x: FloatArray, alpha: number, gamma: number, out: FloatArray): void {
  const [negativeScale, positiveScale] = seluScales(alpha, gamma, out instanceof Float32Array);
  scaledElu('Selu', x, negativeScale, positiveScale, out);
}

/**
 * Selu gradient: dx = x <= 0 ? dy * alpha * gamma * exp(x) : dy * gamma (PyTorch's elu_backward).
 *
 * At x = 0 the negative side is used: selu'(0) = gamma * alpha. Where x is NaN the test
 * `x <= 0` fails, so dx = gamma * dy, as in PyTorch. Works in place (`dx === dy`).
 */
export function seluBackward(
  x: FloatArray,
  dy: FloatArray,
  alpha: number,
  gamma: number,
  dx: FloatArray,
): void {
  const [negativeScale, positiveScale] = seluScales(alpha, gamma, dx instanceof Float32Array);
  scaledEluBackward('Selu', x, dy, negativeScale, positiveScale, dx);
}

function seluScales(alpha: number, gamma: number, float32: boolean): [number, number] {
  if (!float32) return [alpha * gamma, gamma];
  const gamma32 = Math.fround(gamma);
  return [Math.fround(Math.fround(alpha) * gamma32), gamma32];
}

/** The op layer: alpha and gamma read once at load (defaults SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA). */
export const createSelu: OpFactory = (node) => {
  const alpha = node.attributes.float('alpha', SELU_DEFAULT_ALPHA);
  const gamma = node.attributes.float('gamma', SELU_DEFAULT_GAMMA);
  return createUnaryKernel<Float32Array>(node, FLOAT_TYPES, (x, out) => selu(x, alpha, gamma, out));
};
