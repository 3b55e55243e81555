import { FLOAT_TYPES } from './elementwise.js';
import { fastExp, fastExpm1 } from './fastExpm1.js';
import type { OpFactory } from './op.js';
import type { FloatArray } from './types.js';
import { createUnaryKernel } from './unary.js';
import { tryWasmScaledElu } from './wasm/kernels.js';

/** ONNX default: https://onnx.ai/onnx/operators/onnx__Elu.html */
export const ELU_DEFAULT_ALPHA = 1.0;

/**
 * Negative inputs are clamped to this on the positive side of the blend, which multiplies them
 * by 0: -Infinity (or a scale times a huge negative) would make that 0 * -Infinity = NaN.
 * Far below ordinary data, so the clamp's branch is never taken and predicts well.
 */
const NEGATIVE_GUARD = -(2 ** 100);

/** [0, positive-side slope], refilled on every backward call. */
const POSITIVE_SLOPE = new Float64Array(2);

/**
 * Elu: y = x > 0 ? x : alpha * (exp(x) - 1). https://onnx.ai/onnx/operators/onnx__Elu.html
 *
 * NaN propagates, elu(-0) = +0, elu(-Infinity) = -alpha, elu(+Infinity) = +Infinity.
 * Float32 `out`: alpha rounded to float32 and exp from fastExpm1 (within 1 float32 ulp of the
 * correctly rounded alpha * expm1(x)); float64 `out`: Math.expm1. Works in place (`out === x`).
 */
export function elu(x: FloatArray, alpha: number, out: FloatArray): void {
  const negativeScale = out instanceof Float32Array ? Math.fround(alpha) : alpha;
  scaledElu('Elu', x, negativeScale, 1, out);
}

/**
 * Elu gradient: dx = x <= 0 ? dy * alpha * exp(x) : dy (PyTorch's elu_backward on the input).
 *
 * At x = 0 the negative side is used: elu'(0) = alpha. Where x is NaN the test `x <= 0` fails,
 * so dx = dy, as in PyTorch. Works in place (`dx === dy`).
 */
export function eluBackward(x: FloatArray, dy: FloatArray, alpha: number, dx: FloatArray): void {
  const negativeScale = dx instanceof Float32Array ? Math.fround(alpha) : alpha;
  scaledEluBackward('Elu', x, dy, negativeScale, 1, dx);
}

/**
 * The Elu family, y = x > 0 ? positiveScale * x : negativeScale * expm1(x), shared with Selu
 * (a scaled Elu, as PyTorch implements it). Callers round the scales for float32 outputs.
 */
export function scaledElu(
  op: string,
  x: FloatArray,
  negativeScale: number,
  positiveScale: number,
  out: FloatArray,
): void {
  const n = x.length;
  if (out.length !== n) {
    throw new RangeError(`${op}: output length ${out.length} does not match X length ${n}`);
  }
  if (!(out instanceof Float32Array) || !Number.isFinite(negativeScale) || !Number.isFinite(positiveScale)) {
    // Math.expm1 dominates the cost here, so the literal formula loses little to a branch.
    for (let i = 0; i < n; i++) {
      const v = x[i];
      // + 0 turns expm1(-0) = -0 into +0, as alpha * (exp(-0) - 1) is.
      out[i] = v > 0 ? positiveScale * v : negativeScale * Math.expm1(v) + 0;
    }
    return;
  }
  if (tryWasmScaledElu(x, negativeScale, positiveScale, out)) return;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    // Compute both sides and blend with a 0/1 flag: random signs would mispredict a branch.
    // fastExpm1 clamps its input and NEGATIVE_GUARD clamps the other side, so the unused side
    // is finite and 0 * side is exactly 0.
    const positive = +(v > 0);
    const guarded = v < NEGATIVE_GUARD ? NEGATIVE_GUARD : v;
    out[i] = positive * (positiveScale * guarded) + (1 - positive) * (negativeScale * fastExpm1(v));
  }
}

/** Gradient of scaledElu: dx = x <= 0 ? dy * negativeScale * exp(x) : dy * positiveScale. */
export function scaledEluBackward(
  op: string,
  x: FloatArray,
  dy: FloatArray,
  negativeScale: number,
  positiveScale: number,
  dx: FloatArray,
): void {
  const n = x.length;
  if (dy.length !== n || dx.length !== n) {
    throw new RangeError(
      `${op}: gradient lengths dy ${dy.length} and dx ${dx.length} do not match X length ${n}`,
    );
  }
  if (!(dx instanceof Float32Array) || !Number.isFinite(negativeScale) || !Number.isFinite(positiveScale)) {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      dx[i] = v <= 0 ? dy[i] * negativeScale * Math.exp(v) : dy[i] * positiveScale;
    }
    return;
  }
  // The positive-side slope comes from a table indexed by the 0/1 flag: multiplying the flag by
  // an integer-valued scale (Elu's is 1) makes V8 emit a data-dependent -0 check branch.
  POSITIVE_SLOPE[0] = 0;
  POSITIVE_SLOPE[1] = positiveScale;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const positive = +!(v <= 0);
    // NaN x takes the positive side; keep its exp term out of the blend (0 * NaN is NaN).
    // The NaN test is predictable, unlike the sign.
    const negativeSlope = v === v ? negativeScale * fastExp(v) : 0;
    dx[i] = dy[i] * (POSITIVE_SLOPE[positive] + (1 - positive) * negativeSlope);
  }
}

/** The op layer: alpha read once at load (default ELU_DEFAULT_ALPHA). */
export const createElu: OpFactory = (node) => {
  const alpha = node.attributes.float('alpha', ELU_DEFAULT_ALPHA);
  return createUnaryKernel<Float32Array>(node, FLOAT_TYPES, (x, out) => elu(x, alpha, out));
};
