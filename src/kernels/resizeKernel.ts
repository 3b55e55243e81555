/**
 * The compute side of Resize and Upsample (https://onnx.ai/onnx/operators/onnx__Resize.html):
 * per-axis coordinate maps, nearest as one gather through index maps, linear as one separable
 * pass per resized axis (the tensor product of 1-D linear weights is N-linear interpolation).
 */
import { planGather, runGather } from './pad.js';
import { allocate, sizeOf, type NativeTensor } from './tensor.js';

export type CoordinateMode =
  | 'half_pixel'
  | 'half_pixel_symmetric'
  | 'pytorch_half_pixel'
  | 'align_corners'
  | 'asymmetric'
  | 'tf_half_pixel_for_nn'
  | 'tf_crop_and_resize';

/** `simple` is Upsample's and Resize-10's rule (as onnxruntime has it): floor, ceil when shrinking. */
export type NearestMode = 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil' | 'simple';

export interface ResizeOptions {
  mode: 'nearest' | 'linear';
  coordinate: CoordinateMode;
  nearest: NearestMode;
  extrapolation: number;
}

const f = Math.fround;

/**
 * Where output index x falls in the input along one axis (the spec's x_original), computed in
 * float32 step by step as onnxruntime does, so that floor/ceil ties land on the same pixel.
 */
export function originalCoordinate(
  mode: CoordinateMode, x: number, scale: number, inDim: number, outDim: number, roiStart: number, roiEnd: number,
): number {
  const s = f(scale);
  switch (mode) {
    case 'half_pixel':
      return f(f(f(x + 0.5) / s) - 0.5);
    case 'half_pixel_symmetric': {
      const adjustment = f(outDim / f(s * inDim));
      const offset = f(f(inDim / 2) * f(1 - adjustment));
      return f(offset + f(f(f(x + 0.5) / s) - 0.5));
    }
    case 'pytorch_half_pixel':
      return outDim > 1 ? f(f(f(x + 0.5) / s) - 0.5) : 0;
    case 'align_corners':
      return outDim === 1 ? 0 : f(f(x * (inDim - 1)) / (outDim - 1));
    case 'asymmetric':
      return f(x / s);
    case 'tf_half_pixel_for_nn':
      return f(f(x + 0.5) / s);
    case 'tf_crop_and_resize':
      return outDim > 1
        ? f(f(roiStart * (inDim - 1)) + f(f(f(x * f(roiEnd - roiStart)) * (inDim - 1)) / (outDim - 1)))
        : f(f(0.5 * f(roiStart + roiEnd)) * (inDim - 1));
  }
}

function nearestIndex(mode: NearestMode, x: number, shrinking: boolean): number {
  switch (mode) {
    case 'round_prefer_floor':
      return x === Math.floor(x) + 0.5 ? Math.floor(x) : Math.round(x);
    case 'round_prefer_ceil':
      return Math.round(x);
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'simple':
      return shrinking ? Math.ceil(x) : Math.trunc(x);
  }
}

/** Per-axis geometry: input and output dims, the scale and the roi used in the transform. */
export interface AxisGeometry {
  inDim: number;
  outDim: number;
  scale: number;
  roiStart: number;
  roiEnd: number;
}

function outside(o: ResizeOptions, x: number, inDim: number): boolean {
  return o.coordinate === 'tf_crop_and_resize' && (x < 0 || x > inDim - 1);
}

/** Per-axis source indices of a nearest resize (-1 where tf_crop_and_resize falls outside). */
function nearestMaps(axes: readonly AxisGeometry[], o: ResizeOptions): Int32Array[] {
  return axes.map((a) =>
    Int32Array.from({ length: a.outDim }, (_, j) => {
      const c = originalCoordinate(o.coordinate, j, a.scale, a.inDim, a.outDim, a.roiStart, a.roiEnd);
      if (outside(o, c, a.inDim)) return -1;
      return Math.min(Math.max(nearestIndex(o.nearest, c, a.scale < 1), 0), a.inDim - 1);
    }),
  );
}

/**
 * A resize of one input shape under one geometry, planned once: `run` resizes any x of that
 * shape and type, drawing its output from the lent pool.
 */
export interface ResizePlan {
  readonly shape: readonly number[];
  run(x: NativeTensor): NativeTensor;
}

export function planResize(shape: readonly number[], axes: readonly AxisGeometry[], options: ResizeOptions): ResizePlan {
  const outShape = axes.map((a) => a.outDim);
  if (axes.some((a) => a.outDim === 0) || sizeOf(shape) === 0) return { shape: outShape, run: (x) => allocate(x.type, outShape) };
  if (options.mode !== 'nearest') return { shape: outShape, run: (x) => resizeLinear(x, axes, options) };
  if (shape.length === 0) return { shape: outShape, run: (x) => { const y = allocate(x.type, outShape); y.data[0] = x.data[0]; return y; } };
  const plan = planGather(shape, nearestMaps(axes, options));
  return {
    shape: outShape,
    run(x) {
      const y = allocate(x.type, outShape);
      runGather(x.data, plan, options.extrapolation, y.data);
      return y;
    },
  };
}

/** One linear pass along `axis`: [outer, inDim, inner] -> [outer, outDim, inner]. */
function linearPass(src: Float64Array, shape: number[], axis: number, a: AxisGeometry, o: ResizeOptions, bad: Uint8Array): Float64Array {
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  const low = new Int32Array(a.outDim);
  const high = new Int32Array(a.outDim);
  const weight = new Float64Array(a.outDim);
  for (let j = 0; j < a.outDim; j++) {
    let c = originalCoordinate(o.coordinate, j, a.scale, a.inDim, a.outDim, a.roiStart, a.roiEnd);
    if (outside(o, c, a.inDim)) bad[j] = 1;
    c = Math.min(Math.max(c, 0), a.inDim - 1);
    low[j] = Math.floor(c);
    high[j] = Math.min(low[j] + 1, a.inDim - 1);
    weight[j] = c - low[j];
  }
  const out = new Float64Array(outer * a.outDim * inner);
  for (let p = 0, w = 0; p < outer; p++) {
    const base = p * a.inDim * inner;
    for (let j = 0; j < a.outDim; j++) {
      const r0 = base + low[j] * inner;
      const r1 = base + high[j] * inner;
      const t = weight[j];
      for (let i = 0; i < inner; i++, w++) out[w] = src[r0 + i] + t * (src[r1 + i] - src[r0 + i]);
    }
  }
  shape[axis] = a.outDim;
  return out;
}

function identityAxis(a: AxisGeometry, o: ResizeOptions): boolean {
  if (a.inDim !== a.outDim) return false;
  for (let j = 0; j < a.outDim; j++) {
    if (originalCoordinate(o.coordinate, j, a.scale, a.inDim, a.outDim, a.roiStart, a.roiEnd) !== j) return false;
  }
  return true;
}

function resizeLinear(x: NativeTensor, axes: readonly AxisGeometry[], o: ResizeOptions): NativeTensor {
  let data: Float64Array = Float64Array.from(x.data as ArrayLike<number>);
  const shape = x.shape.slice();
  const bad = axes.map((a) => new Uint8Array(a.outDim));
  axes.forEach((a, k) => {
    if (!identityAxis(a, o)) data = linearPass(data, shape, k, a, o, bad[k]);
  });
  const y = allocate(x.type, shape);
  if (x.type === 'float32') (y.data as Float32Array).set(data);
  else for (let i = 0; i < data.length; i++) y.data[i] = Math.round(data[i]);
  if (bad.some((b) => b.includes(1))) fillOutside(y, bad, o.extrapolation);
  return y;
}

/** tf_crop_and_resize: writes the extrapolation value wherever any axis fell outside the input. */
function fillOutside(y: NativeTensor, bad: readonly Uint8Array[], value: number): void {
  const rank = y.shape.length;
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < y.data.length; i++) {
    if (bad.some((b, k) => b[index[k]] === 1)) y.data[i] = value;
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k] < y.shape[k]) break;
      index[k] = 0;
    }
  }
}

/** Resizes x to the output dims in `axes` (one entry per axis of x). */
export function resize(x: NativeTensor, axes: readonly AxisGeometry[], options: ResizeOptions): NativeTensor {
  return planResize(x.shape, axes, options).run(x);
}
