import { FLOAT_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import type { FloatArray } from './types.js';
import { createUnaryKernel } from './unary.js';
import { tryWasmLeakyRelu } from './wasm/kernels.js';

/** ONNX default: https://onnx.ai/onnx/operators/onnx__LeakyRelu.html (not tfjs' 0.2). */
export const LEAKY_RELU_DEFAULT_ALPHA = 0.01;

/** [negative-side factor, positive-side factor], refilled on every call. */
const FACTORS = new Float64Array(2);

/**
 * LeakyRelu: y = x >= 0 ? x : alpha * x. https://onnx.ai/onnx/operators/onnx__LeakyRelu.html
 *
 * NaN propagates, leaky(-0) = -0, leaky(-Infinity) = -Infinity for alpha > 0. For a float32
 * `out`, alpha is rounded to float32 first; the double product of two float32 values is exact,
 * so the store rounds once and matches PyTorch's float32 multiply bit for bit.
 * Works in place (`out === x`).
 */
export function leakyRelu(x: FloatArray, alpha: number, out: FloatArray): void {
  const n = x.length;
  if (out.length !== n) {
    throw new RangeError(`LeakyRelu: output length ${out.length} does not match X length ${n}`);
  }
  if (tryWasmLeakyRelu(x, alpha, out)) return;
  // Select the factor from a two-entry table indexed by the sign test: branch-free (random
  // signs would mispredict a branch), exact (no 0 * Infinity from blending), and never a
  // multiply of the 0/1 flag by alpha, which V8 compiles with a data-dependent -0 check
  // when alpha happens to be an integer.
  FACTORS[0] = out instanceof Float32Array ? Math.fround(alpha) : alpha;
  FACTORS[1] = 1;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    out[i] = v * FACTORS[+(v >= 0)];
  }
}

/**
 * LeakyRelu gradient: dx = x > 0 ? dy : alpha * dy (PyTorch's leaky_relu_backward).
 *
 * At x = 0 the negative side is used: leaky'(0) = alpha. Where x is NaN, dx = alpha * dy, as
 * in PyTorch. For a float32 `dx`, alpha is rounded to float32. Works in place (`dx === dy`).
 */
export function leakyReluBackward(x: FloatArray, dy: FloatArray, alpha: number, dx: FloatArray): void {
  const n = x.length;
  if (dy.length !== n || dx.length !== n) {
    throw new RangeError(
      `LeakyRelu: gradient lengths dy ${dy.length} and dx ${dx.length} do not match X length ${n}`,
    );
  }
  FACTORS[0] = dx instanceof Float32Array ? Math.fround(alpha) : alpha;
  FACTORS[1] = 1;
  for (let i = 0; i < n; i++) {
    dx[i] = dy[i] * FACTORS[+(x[i] > 0)];
  }
}

/** The op layer: alpha read once at load (default LEAKY_RELU_DEFAULT_ALPHA). */
export const createLeakyRelu: OpFactory = (node) => {
  const alpha = node.attributes.float('alpha', LEAKY_RELU_DEFAULT_ALPHA);
  return createUnaryKernel<Float32Array>(node, FLOAT_TYPES, (x, out) => leakyRelu(x, alpha, out));
};
