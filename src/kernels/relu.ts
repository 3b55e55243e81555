import { FLOAT_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import type { FloatArray } from './types.js';
import { createUnaryKernel } from './unary.js';
import { tryWasmRelu } from './wasm/kernels.js';

/** Clamping -Infinity to the most negative finite double keeps `0 * v` from turning into NaN. */
const MOST_NEGATIVE = -Number.MAX_VALUE;

/**
 * Relu: y = max(0, x). https://onnx.ai/onnx/operators/onnx__Relu.html
 *
 * NaN propagates, relu(-0) = +0, relu(-Infinity) = 0. Works in place (`out === x`).
 * The result is exact in either precision, so float32 and float64 share one loop.
 */
export function relu(x: FloatArray, out: FloatArray): void {
  if (out.length !== x.length) {
    throw new RangeError(`Relu: output length ${out.length} does not match X length ${x.length}`);
  }
  if (tryWasmRelu(x, out)) return;
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    // The sign test becomes a 0/1 factor: a branch on random signs mispredicts half the time.
    // The max only guards -Infinity and is always taken the same way, so it predicts well.
    out[i] = Math.max(v, MOST_NEGATIVE) * +(v > 0) + 0;
  }
}

/**
 * Relu gradient: dx = x > 0 ? dy : 0, written as PyTorch's threshold_backward `x <= 0 ? 0 : dy`.
 *
 * At x = 0 the negative side is used: relu'(0) = 0. Where x is NaN the test `x <= 0` fails, so
 * dy passes through, as in PyTorch. Where x <= 0 the gradient is exactly +0 even if dy is NaN or
 * infinite (a select, not a multiply). Works in place (`dx === dy` or `dx === x`).
 */
export function reluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void {
  const n = x.length;
  if (dy.length !== n || dx.length !== n) {
    throw new RangeError(
      `Relu: gradient lengths dy ${dy.length} and dx ${dx.length} do not match X length ${n}`,
    );
  }
  // Select by masking the bits of dy: branch-free and exact for NaN, infinities and -0.
  if (dy instanceof Float32Array && dx instanceof Float32Array) {
    const dyBits = new Int32Array(dy.buffer, dy.byteOffset, n);
    const dxBits = new Int32Array(dx.buffer, dx.byteOffset, n);
    for (let i = 0; i < n; i++) {
      dxBits[i] = dyBits[i] & -+!(x[i] <= 0);
    }
    return;
  }
  if (dy instanceof Float64Array && dx instanceof Float64Array) {
    const dyWords = new Int32Array(dy.buffer, dy.byteOffset, 2 * n);
    const dxWords = new Int32Array(dx.buffer, dx.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) {
      const mask = -+!(x[i] <= 0);
      dxWords[2 * i] = dyWords[2 * i] & mask;
      dxWords[2 * i + 1] = dyWords[2 * i + 1] & mask;
    }
    return;
  }
  // Mixed precisions (dy and dx of different types) cannot share bits.
  for (let i = 0; i < n; i++) {
    dx[i] = x[i] <= 0 ? 0 : dy[i];
  }
}

/** The op layer: Relu on float32 tensors (Relu-14's integer types are not supported). */
export const createRelu: OpFactory = (node) => createUnaryKernel<Float32Array>(node, FLOAT_TYPES, relu);
