import { unidirectionalBroadcastable } from './broadcast.js';
import { FLOAT_TYPES, required, reuseOrAllocate } from './elementwise.js';
import { OpError, expectInputs, expectType, type OpFactory } from './op.js';
import { blendFactor, checkedPlan } from './preluSlope.js';
import { shapeText } from './tensor.js';
import type { FloatArray } from './types.js';
import { tryWasmPrelu } from './wasm/kernels.js';

export { preluBackward } from './preluBackward.js';

/** [negative-side factor, positive-side factor] for runs that share one slope value. */
const FACTORS = new Float64Array(2);

/**
 * PRelu: y = x >= 0 ? x : slope * x, slope broadcast one way into X's shape (opset >= 7).
 * https://onnx.ai/onnx/operators/onnx__PRelu.html
 *
 * NaN propagates and prelu(-0) = -0, as in LeakyRelu. Slope values are used as stored; give
 * slope X's precision, as ONNX requires. Works in place (`out === x`).
 * Throws when the slope does not broadcast or an array length disagrees with its shape.
 */
export function prelu(
  x: FloatArray,
  xShape: readonly number[],
  slope: FloatArray,
  slopeShape: readonly number[],
  out: FloatArray,
): void {
  const plan = checkedPlan(x, xShape, slope, slopeShape);
  const n = x.length;
  if (out.length !== n) {
    throw new RangeError(`PRelu: output length ${out.length} does not match X length ${n}`);
  }
  if (n === 0 || tryWasmPrelu(x, slope, plan, out)) return;
  if (plan.kind === 'scalar') {
    forwardRun(x, out, 0, n, slope[0]);
  } else if (plan.kind === 'channel' && plan.inner > 1) {
    const { outer, channels, inner } = plan;
    for (let o = 0, start = 0; o < outer; o++) {
      for (let c = 0; c < channels; c++, start += inner) forwardRun(x, out, start, start + inner, slope[c]);
    }
  } else if (plan.kind === 'general') {
    forwardGather(x, slope, out, plan.index);
  } else {
    // One slope element per X element (same shape, or a slope along the last axes).
    for (let start = 0; start < n; start += slope.length) forwardTile(x, slope, out, start);
  }
}

/** Elements [start, end) with one slope value. The factor comes from a table indexed by the
 * sign test: branch-free, exact for any slope, and no flag-times-slope multiply (V8 adds a
 * data-dependent -0 check to that when the slope is an integer). */
function forwardRun(x: FloatArray, out: FloatArray, start: number, end: number, slope: number): void {
  FACTORS[0] = slope;
  FACTORS[1] = 1;
  for (let i = start; i < end; i++) {
    const v = x[i];
    out[i] = v * FACTORS[+(v >= 0)];
  }
}

/** Elements [start, start + slope.length), element j using slope[j]. */
function forwardTile(x: FloatArray, slope: FloatArray, out: FloatArray, start: number): void {
  for (let j = 0, m = slope.length; j < m; j++) {
    out[start + j] = blendForward(x[start + j], slope[j]);
  }
}

/** Element i using slope[index[i]]: the general broadcast. */
function forwardGather(x: FloatArray, slope: FloatArray, out: FloatArray, index: Int32Array): void {
  for (let i = 0, n = x.length; i < n; i++) {
    out[i] = blendForward(x[i], slope[index[i]]);
  }
}

/**
 * x >= 0 ? x : slope * x with the factor blended from a 0/1 flag: (1 - p) * slope - (0 - p)
 * is exactly 1 or exactly slope (subtracting +0 keeps a -0 slope's sign, adding would not).
 * The blend goes wrong only through 0 * Infinity or a NaN slope, and then gives NaN: that rare
 * case, a branch that predicts well, takes the literal formula.
 */
function blendForward(v: number, slope: number): number {
  const positive = +(v >= 0);
  const y = v * blendFactor(positive, slope);
  return y === y ? y : v >= 0 ? v : slope * v;
}

/**
 * The slope shape PRelu-6 means: one value for all, or one per channel (axis 1), whatever
 * the slope's own shape ((C), (C,1,1), (1,C,1,1)); otherwise the slope is taken as it is.
 * PyTorch-converted opset-6 models rely on the per-channel reading.
 */
function perChannelSlopeShape(xShape: readonly number[], slopeLength: number, slopeShape: readonly number[]): readonly number[] {
  if (slopeLength === 1) return [];
  if (xShape.length >= 2 && slopeLength === xShape[1]) return [slopeLength, ...new Array<number>(xShape.length - 2).fill(1)];
  return slopeShape;
}

/**
 * The op layer. From opset 7 the slope broadcasts one way into X's shape, as ONNX says: a
 * (C,1,1) or (1,C,1,1) slope is per channel of NCHW X, but a bare (C) slope aligns with the
 * last axis and so fits NCHW X only when C == W. Before opset 7, see perChannelSlopeShape.
 */
export const createPRelu: OpFactory = (node) => {
  expectInputs(node, 2, 2);
  const type = expectType(node, 0, FLOAT_TYPES);
  expectType(node, 1, [type]);
  const perChannel = node.opset < 7;
  return {
    outputTypes: [type],
    run(inputs, reusable) {
      const x = required(node, inputs, 0);
      const slope = required(node, inputs, 1);
      const slopeShape = perChannel ? perChannelSlopeShape(x.shape, slope.data.length, slope.shape) : slope.shape;
      if (!unidirectionalBroadcastable(slopeShape, x.shape)) {
        throw new OpError(node, `slope shape ${shapeText(slope.shape)} does not broadcast to X shape ${shapeText(x.shape)}`);
      }
      const out = reuseOrAllocate(inputs, reusable, [0], type, x.shape);
      prelu(x.data as Float32Array, x.shape, slope.data as Float32Array, slopeShape, out.data as Float32Array);
      return [out];
    },
  };
};
