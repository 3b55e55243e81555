/**
 * The shared core of ReduceSum, ReduceMean and ReduceMax: axes as an attribute or (later
 * opsets) an input, keepdims, noop_with_empty_axes, and one accumulation loop over the input
 * in memory order. https://onnx.ai/onnx/operators/onnx__ReduceSum.html
 */
import { constantIntegers, inputIntegers, normalizeAxes, required } from './axes.js';
import { expectInputs, expectType, type OpFactory } from './op.js';
import { allocate, type ElemType, type NativeData, type NativeTensor } from './tensor.js';

/** ONNX defaults for every Reduce op. */
const DEFAULT_KEEPDIMS = 1;
const DEFAULT_NOOP_WITH_EMPTY_AXES = 0;

export type ReduceKind = 'sum' | 'mean' | 'max';

/**
 * Accumulates x into acc (float64, one slot per output element, pre-seeded; acc may be longer): sum adds, max
 * keeps the largest and lets NaN win. Adjacent axes with the same role are merged first, so a
 * reduction over H, W of NCHW is one run per (n, c).
 */
export function accumulate(kind: ReduceKind, x: NativeData, shape: readonly number[], reduced: readonly boolean[], acc: Float64Array): void {
  const dims: number[] = [];
  const isReduced: boolean[] = [];
  shape.forEach((d, k) => {
    if (d === 1) return;
    if (isReduced.length > 0 && isReduced[isReduced.length - 1] === reduced[k]) dims[dims.length - 1] *= d;
    else {
      dims.push(d);
      isReduced.push(reduced[k]);
    }
  });
  if (x.length === 0) return;
  if (dims.length === 0) {
    dims.push(1);
    isReduced.push(false);
  }
  const rank = dims.length;
  // Output strides per merged axis: 0 along reduced axes.
  const outStrides = new Array<number>(rank);
  for (let k = rank - 1, s = 1; k >= 0; k--) {
    outStrides[k] = isReduced[k] ? 0 : s;
    if (!isReduced[k]) s *= dims[k];
  }
  const inner = dims[rank - 1];
  const innerReduced = isReduced[rank - 1];
  const index = new Array<number>(rank).fill(0);
  const max = kind === 'max';
  for (let i = 0, o = 0; i < x.length; ) {
    if (innerReduced) {
      let a = acc[o];
      if (max) for (let j = 0; j < inner; j++, i++) a = x[i] > a || x[i] !== x[i] ? x[i] : a;
      else for (let j = 0; j < inner; j++, i++) a += x[i];
      acc[o] = a;
    } else if (max) {
      for (let j = 0; j < inner; j++, i++) if (x[i] > acc[o + j] || x[i] !== x[i]) acc[o + j] = x[i];
    } else {
      for (let j = 0; j < inner; j++, i++) acc[o + j] += x[i];
    }
    for (let k = rank - 2; k >= 0; k--) {
      o += outStrides[k];
      if (++index[k] < dims[k]) break;
      o -= outStrides[k] * dims[k];
      index[k] = 0;
    }
  }
}

/** The float64 accumulators, kept between runs (runs are synchronous and never re-enter). */
let accumulators = new Float64Array(64);

/** Reduces x over `axes` (all axes when empty) into a new tensor of x's type. */
export function reduce(kind: ReduceKind, x: NativeTensor, axes: readonly number[], keepDims: boolean): NativeTensor {
  const rank = x.shape.length;
  const reduced = x.shape.map((_, k) => axes.length === 0 || axes.includes(k));
  const shape = keepDims ? x.shape.map((d, k) => (reduced[k] ? 1 : d)) : x.shape.filter((_, k) => !reduced[k]);
  const y = allocate(x.type, shape);
  const n = y.data.length;
  if (accumulators.length < n) accumulators = new Float64Array(n);
  const acc = accumulators;
  acc.fill(kind === 'max' ? -Infinity : 0, 0, n);
  accumulate(kind, x.data, rank === 0 ? [] : x.shape, reduced, acc);
  if (kind === 'mean') {
    const count = x.shape.reduce((c, d, k) => (reduced[k] ? c * d : c), 1);
    for (let i = 0; i < n; i++) acc[i] /= count;
  }
  if (x.type === 'int64') for (let i = 0; i < n; i++) acc[i] = Math.trunc(acc[i]);
  const out = y.data;
  for (let i = 0; i < n; i++) out[i] = acc[i];
  return y;
}

/**
 * A factory for one Reduce op. `axesInputSince` is the opset from which axes is an input (and
 * noop_with_empty_axes exists): 13 for ReduceSum, 18 for ReduceMean and ReduceMax.
 */
export function reduceFactory(kind: ReduceKind, axesInputSince: number, types: readonly ElemType[]): OpFactory {
  return (node) => {
    const axesAsInput = node.opset >= axesInputSince;
    const [type] = expectInputs(node, 1, axesAsInput ? 2 : 1, types);
    if (axesAsInput && node.inputTypes[1] !== undefined) expectType(node, 1, ['int64']);
    const keepDims = node.attributes.int('keepdims', DEFAULT_KEEPDIMS) === 1;
    const noop = axesAsInput && node.attributes.int('noop_with_empty_axes', DEFAULT_NOOP_WITH_EMPTY_AXES) === 1;
    const known = axesAsInput ? constantIntegers(node, 1, 'axes') : node.attributes.ints('axes');
    return {
      outputTypes: [type],
      run(inputs) {
        const x = required(node, inputs, 0);
        const axes = (axesAsInput ? inputIntegers(node, known, inputs, 1, 'axes') : known) ?? [];
        if (axes.length === 0 && noop) return [x];
        return [reduce(kind, x, normalizeAxes(node, axes, x.shape.length), keepDims)];
      },
    };
  };
}
