/**
 * Softmax: y = exp(x - max) / sum(exp(x - max)) along an axis. https://onnx.ai/onnx/operators/onnx__Softmax.html
 *
 * From opset 13 the sums run along `axis` alone (default -1). Before 13 the input is coerced
 * to 2-D at `axis` (default 1): each row is everything from `axis` on. Both are a walk over
 * [outer, length, inner]: rows of `length` elements, `inner` apart.
 * The max is seeded with -Infinity so exp never overflows; a NaN in a row makes the row NaN;
 * fastExp keeps each term within 1 float32 ulp, sums run in double. Works in place (`out === x`).
 */
import { FLOAT_TYPES, required, reuseOrAllocate } from './elementwise.js';
import { fastExp } from './fastExpm1.js';
import { OpError, expectInputs, expectType, type NodeInfo, type OpFactory, type OpKernel } from './op.js';
import { sameDims, shapeText, sizeOf } from './tensor.js';

/** Rows of a softmax: `outer` blocks of `length` rows, elements `inner` apart. */
export interface SoftmaxLayout {
  readonly outer: number;
  readonly length: number;
  readonly inner: number;
}

/** ONNX defaults: axis 1 before opset 13 (2-D coercion), -1 from 13. */
export const SOFTMAX_LEGACY_DEFAULT_AXIS = 1;
export const SOFTMAX_DEFAULT_AXIS = -1;


/** The layout for `shape` at `axis`, or undefined when the axis is out of range. */
export function softmaxLayout(shape: readonly number[], axis: number, coerceTo2d: boolean): SoftmaxLayout | undefined {
  const rank = shape.length;
  const limit = coerceTo2d ? rank : rank - 1;
  if (axis < -rank || axis > limit) return undefined;
  const at = axis < 0 ? axis + rank : axis;
  if (coerceTo2d) return { outer: sizeOf(shape.slice(0, at)), length: sizeOf(shape.slice(at)), inner: 1 };
  return { outer: sizeOf(shape.slice(0, at)), length: shape[at], inner: sizeOf(shape.slice(at + 1)) };
}

/** Per-column maxes and sums, kept between runs (runs are synchronous and never re-enter). */
let maxScratch = new Float64Array(16);
let sumScratch = new Float64Array(16);

/** Scratch for `inner` columns: [maxes, sums], valid until the next call. */
export function softmaxScratch(inner: number): [Float64Array, Float64Array] {
  if (maxScratch.length < inner) {
    maxScratch = new Float64Array(inner);
    sumScratch = new Float64Array(inner);
  }
  return [maxScratch, sumScratch];
}

/** Rows of `length` contiguous elements (the softmax axis is the last one, or coerced to 2-D). */
function softmaxRows(x: Float32Array, out: Float32Array, outer: number, length: number): void {
  for (let base = 0, end = length; base < outer * length; base += length, end += length) {
    let max = -Infinity;
    for (let i = base; i < end; i++) {
      const v = x[i];
      if (v > max) max = v;
    }
    let sum = 0;
    for (let i = base; i < end; i++) {
      const e = fastExp(x[i] - max);
      out[i] = e;
      sum += e;
    }
    for (let i = base; i < end; i++) out[i] /= sum;
  }
}

export function softmax(x: Float32Array, out: Float32Array, { outer, length, inner }: SoftmaxLayout): void {
  if (inner === 1) {
    softmaxRows(x, out, outer, length);
    return;
  }
  const [maxes, sums] = softmaxScratch(inner);
  const block = length * inner;
  for (let base = 0; base < outer * block; base += block) {
    maxes.fill(-Infinity, 0, inner);
    sums.fill(0, 0, inner);
    for (let row = base; row < base + block; row += inner) {
      for (let k = 0; k < inner; k++) {
        const v = x[row + k];
        if (v > maxes[k]) maxes[k] = v;
      }
    }
    for (let row = base; row < base + block; row += inner) {
      for (let k = 0; k < inner; k++) {
        const e = fastExp(x[row + k] - maxes[k]);
        out[row + k] = e;
        sums[k] += e;
      }
    }
    for (let row = base; row < base + block; row += inner) {
      for (let k = 0; k < inner; k++) out[row + k] /= sums[k];
    }
  }
}

/** The op layer of Softmax and LogSoftmax: the axis attribute read at load, checked per run. */
export function createAxisKernel(
  node: NodeInfo,
  compute: (x: Float32Array, out: Float32Array, layout: SoftmaxLayout) => void,
): OpKernel {
  expectInputs(node, 1, 1);
  expectType(node, 0, FLOAT_TYPES);
  const coerceTo2d = node.opset < 13;
  const axis = node.attributes.int('axis', coerceTo2d ? SOFTMAX_LEGACY_DEFAULT_AXIS : SOFTMAX_DEFAULT_AXIS);
  // The last input shape seen and its layout: a run with the same shape skips the planning.
  let lastShape: readonly number[] | undefined;
  let lastLayout: SoftmaxLayout = { outer: 0, length: 0, inner: 0 };
  return {
    outputTypes: ['float32'],
    run(inputs, reusable) {
      const x = required(node, inputs, 0);
      let layout = lastLayout;
      if (lastShape === undefined || !sameDims(x.shape, lastShape)) {
        const planned = softmaxLayout(x.shape, axis, coerceTo2d);
        if (planned === undefined) throw new OpError(node, `axis ${axis} is out of range for shape ${shapeText(x.shape)}`);
        layout = lastLayout = planned;
        lastShape = x.shape.slice();
      }
      const out = reuseOrAllocate(inputs, reusable, [0], 'float32', x.shape);
      if (out.data.length > 0) compute(x.data as Float32Array, out.data as Float32Array, layout);
      return [out];
    },
  };
}

export const createSoftmax: OpFactory = (node) => createAxisKernel(node, softmax);
