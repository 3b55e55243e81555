/**
 * Sliding-window geometry shared by Conv, MaxPool and AveragePool: kernel_shape, strides,
 * dilations, pads, auto_pad and ceil_mode, read once at load, and the output size they give.
 * https://onnx.ai/onnx/operators/onnx__Conv.html, https://onnx.ai/onnx/operators/onnx__MaxPool.html
 *
 * Explicit pads:  out = floor_or_ceil((in + padBegin + padEnd - ((k - 1) * d + 1)) / s) + 1, and
 * with ceil_mode a window that would start past the input and its begin padding is dropped.
 * VALID: out = floor((in - ((k - 1) * d + 1)) / s) + 1, no padding.
 * SAME_UPPER, SAME_LOWER: out = ceil(in / s), total padding max(0, (out - 1) * s + (k - 1) * d + 1
 * - in), split evenly with the odd one at the end (UPPER) or the beginning (LOWER).
 * Every window is handled as 3-D: 1-D and 2-D inputs get leading axes of size 1.
 */
import { OpError, type NodeInfo } from './op.js';
import { shapeText } from './tensor.js';

export type AutoPad = 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';
const AUTO_PADS: readonly string[] = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'];

/** The window attributes as the node gives them (kernel shape may be left to the weights). */
export interface WindowAttributes {
  kernelShape: number[] | undefined;
  strides: number[] | undefined;
  dilations: number[] | undefined;
  pads: number[] | undefined;
  autoPad: AutoPad;
  ceilMode: boolean;
}

/** A window resolved against an input, always 3 spatial axes (depth, height, width). */
export interface Window3 {
  /** Spatial rank of the node (1, 2 or 3). */
  rank: number;
  kernel: number[];
  strides: number[];
  dilations: number[];
  padBegin: number[];
  padEnd: number[];
  input: number[];
  output: number[];
}

/** Reads and checks the window attributes; ceil_mode only where `withCeilMode`. */
export function readWindowAttributes(node: NodeInfo, withCeilMode: boolean): WindowAttributes {
  const { attributes } = node;
  const autoPad = attributes.string('auto_pad', 'NOTSET');
  if (!AUTO_PADS.includes(autoPad)) throw new OpError(node, `auto_pad '${autoPad}' is not one of ${AUTO_PADS.join(', ')}`);
  const positive = (name: string): number[] | undefined => {
    const values = attributes.ints(name);
    if (values?.some((v) => v < 1)) throw new OpError(node, `${name} must be positive, got [${values.join(',')}]`);
    return values;
  };
  const pads = attributes.ints('pads');
  if (pads?.some((p) => p < 0)) throw new OpError(node, `pads must not be negative, got [${pads.join(',')}]`);
  if (pads !== undefined && autoPad !== 'NOTSET') throw new OpError(node, `pads and auto_pad ${autoPad} cannot both be given`);
  return {
    kernelShape: positive('kernel_shape'),
    strides: positive('strides'),
    dilations: positive('dilations'),
    pads,
    autoPad: autoPad as AutoPad,
    ceilMode: withCeilMode && attributes.int('ceil_mode', 0) !== 0,
  };
}

/** Checks an attribute list's length against the spatial rank. */
function sized(node: NodeInfo, name: string, values: number[] | undefined, length: number, fallback: number): number[] {
  if (values === undefined) return new Array<number>(length).fill(fallback);
  if (values.length !== length) throw new OpError(node, `${name} has ${values.length} values, expected ${length}`);
  return values;
}

/** Resolves the window over `spatial` (the input's axes after N and C) with `kernel`. */
export function resolveWindow(node: NodeInfo, w: WindowAttributes, spatial: readonly number[], kernel: readonly number[]): Window3 {
  const rank = spatial.length;
  if (rank < 1 || rank > 3) throw new OpError(node, `supports 1 to 3 spatial axes, got input spatial shape ${shapeText(spatial)}`);
  if (kernel.length !== rank) throw new OpError(node, `kernel has ${kernel.length} axes but the input has ${rank} spatial axes`);
  const strides = sized(node, 'strides', w.strides, rank, 1);
  const dilations = sized(node, 'dilations', w.dilations, rank, 1);
  const pads = sized(node, 'pads', w.pads, 2 * rank, 0);
  const padBegin: number[] = [];
  const padEnd: number[] = [];
  const output: number[] = [];
  for (let i = 0; i < rank; i++) {
    const extent = (kernel[i] - 1) * dilations[i] + 1;
    const size = spatial[i];
    let out: number;
    let begin: number;
    let end: number;
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') {
      out = Math.ceil(size / strides[i]);
      const total = Math.max(0, (out - 1) * strides[i] + extent - size);
      begin = w.autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : Math.ceil(total / 2);
      end = total - begin;
    } else if (w.autoPad === 'VALID') {
      out = Math.floor((size - extent) / strides[i]) + 1;
      begin = 0;
      end = 0;
    } else {
      begin = pads[i];
      end = pads[i + rank];
      const span = size + pads[i] + pads[i + rank] - extent;
      out = (w.ceilMode ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1;
      if (w.ceilMode && (out - 1) * strides[i] >= size + begin) out--;
    }
    if (out < 1 || !Number.isFinite(out)) {
      throw new OpError(node, `window of extent ${extent} does not fit input axis ${i + 2} of size ${size} with its padding`);
    }
    padBegin.push(begin);
    padEnd.push(end);
    output.push(out);
  }
  const lead = 3 - rank;
  const one = (values: number[], fill: number): number[] => [...new Array<number>(lead).fill(fill), ...values];
  return {
    rank,
    kernel: one([...kernel], 1),
    strides: one(strides, 1),
    dilations: one(dilations, 1),
    padBegin: one(padBegin, 0),
    padEnd: one(padEnd, 0),
    input: one([...spatial], 1),
    output: one(output, 1),
  };
}

/** The node's output spatial shape (rank axes) from a resolved window. */
export function outputSpatial(w: Window3): number[] {
  return w.output.slice(3 - w.rank);
}

/**
 * A window resolved for one input shape, kept by a kernel until the shape changes: resolving
 * builds arrays and checks attributes, which costs more than pooling a small image.
 */
export interface WindowPlan {
  inputShape: number[];
  win: Window3;
  /** The output's shape (copy it into each output: callers may keep or change it). */
  shape: number[];
  size: number;
  /** N * C: the planes pooled one by one. */
  planes: number;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The pooling window over X's shape, reused while the shape stays the same. */
export function windowPlan(node: NodeInfo, w: WindowAttributes, xShape: readonly number[], kernel: readonly number[], last: WindowPlan | undefined): WindowPlan {
  if (last !== undefined && sameShape(last.inputShape, xShape)) return last;
  if (xShape.length !== kernel.length + 2) {
    throw new OpError(node, `input X shape ${shapeText(xShape)} needs ${kernel.length} spatial axes for kernel_shape ${shapeText(kernel)}`);
  }
  const win = resolveWindow(node, w, xShape.slice(2), kernel);
  const shape = [xShape[0], xShape[1], ...outputSpatial(win)];
  let size = 1;
  for (const d of shape) size *= d;
  return { inputShape: [...xShape], win, shape, size, planes: xShape[0] * xShape[1] };
}

/**
 * For a 2-D window (depth 1, dilation 1 across) along one axis of `input` positions: per
 * output position o, the input range [start, end) its window covers inside the input, at
 * ranges[2o] and ranges[2o + 1] (empty when the window lies wholly in the padding).
 */
export function axisRanges(output: number, input: number, kernel: number, stride: number, padBegin: number): Int32Array {
  const ranges = new Int32Array(2 * output);
  for (let o = 0; o < output; o++) {
    const from = o * stride - padBegin;
    const start = Math.max(0, from);
    ranges[2 * o] = start;
    ranges[2 * o + 1] = Math.max(start, Math.min(input, from + kernel));
  }
  return ranges;
}
