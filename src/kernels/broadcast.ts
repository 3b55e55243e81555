/**
 * Broadcasting, https://onnx.ai/onnx/repo-docs/Broadcasting.html. Shapes align at their last
 * axis (numpy rules): a missing or size-1 axis repeats.
 * - Unidirectional (one-way), the form PRelu uses for its slope: `from` stretches into `to`'s
 *   shape, never the other way.
 * - Multidirectional, the form of Add, Mul, Where...: every input stretches into the shape
 *   that is, per axis, the largest size; planMultidirectionalBroadcast walks it in runs.
 */
import { sizeOf } from './tensor.js';

/** Whether `from` broadcasts into `to` without changing `to`. */
export function unidirectionalBroadcastable(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  const offset = to.length - from.length;
  for (let axis = 0; axis < from.length; axis++) {
    const size = from[axis];
    if (size !== 1 && size !== to[axis + offset]) return false;
  }
  return true;
}

/**
 * How to walk `from` alongside a flat walk over `to`, from cheapest to most general.
 * - same: element i of `to` reads element i of `from` (equal sizes).
 * - scalar: every element reads element 0 (`from` has one element).
 * - channel: `to` is [outer, channels, inner] once flattened, and element (o, c, k) reads
 *   element c. Covers per-channel slopes ([C,1,1] against [N,C,H,W]) and last-axis ones.
 * - general: `index[i]` is the element of `from` that element i of `to` reads.
 */
export type UnidirectionalBroadcast =
  | { readonly kind: 'same' }
  | { readonly kind: 'scalar' }
  | { readonly kind: 'channel'; readonly outer: number; readonly channels: number; readonly inner: number }
  | { readonly kind: 'general'; readonly index: Int32Array };

/** The walk for `from` into `to`, or undefined when `from` does not broadcast. */
export function planUnidirectionalBroadcast(
  from: readonly number[],
  to: readonly number[],
): UnidirectionalBroadcast | undefined {
  if (!unidirectionalBroadcastable(from, to)) return undefined;
  if (sizeOf(from) === 1) return { kind: 'scalar' };
  const offset = to.length - from.length;
  // Axes where `from` varies must form one run, ignoring axes of size 1 in `to`
  // (they do not move the flat index).
  let first = -1;
  let last = -1;
  let runBroken = false;
  for (let axis = 0; axis < to.length; axis++) {
    if (to[axis] === 1) continue;
    const varies = axis >= offset && from[axis - offset] !== 1;
    if (varies) {
      if (runBroken) return { kind: 'general', index: broadcastIndexMap(from, to) };
      if (first < 0) first = axis;
      last = axis;
    } else if (first >= 0) {
      runBroken = true;
    }
  }
  const outer = sizeOf(to.slice(0, first));
  const inner = sizeOf(to.slice(last + 1));
  if (outer === 1 && inner === 1) return { kind: 'same' };
  return { kind: 'channel', outer, channels: sizeOf(to.slice(first, last + 1)), inner };
}

/** For each element of `to` in row-major order, the row-major index of the `from` element it reads. */
export function broadcastIndexMap(from: readonly number[], to: readonly number[]): Int32Array {
  const rank = to.length;
  const offset = rank - from.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let axis = rank - 1; axis >= offset; axis--) {
    const size = from[axis - offset];
    strides[axis] = size === 1 ? 0 : stride;
    stride *= size;
  }
  const total = sizeOf(to);
  const index = new Int32Array(total);
  const counter = new Array<number>(rank).fill(0);
  let source = 0;
  for (let i = 0; i < total; i++) {
    index[i] = source;
    // Odometer step: bump the last axis, carrying into earlier axes as they wrap.
    for (let axis = rank - 1; axis >= 0; axis--) {
      source += strides[axis];
      if (++counter[axis] < to[axis]) break;
      source -= strides[axis] * to[axis];
      counter[axis] = 0;
    }
  }
  return index;
}


/** The multidirectional broadcast of `shapes` (numpy rules), or undefined when they clash. */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] | undefined {
  let rank = 0;
  for (const shape of shapes) rank = Math.max(rank, shape.length);
  const result = new Array<number>(rank).fill(1);
  for (const shape of shapes) {
    const offset = rank - shape.length;
    for (let axis = 0; axis < shape.length; axis++) {
      const size = shape[axis];
      const current = result[axis + offset];
      if (size === current || size === 1) continue;
      if (current !== 1) return undefined;
      result[axis + offset] = size;
    }
  }
  return result;
}

/**
 * How to walk several inputs broadcast into one output shape, in runs.
 *
 * Output axes of size 1 are dropped, then neighbouring axes merge while every input either
 * varies along both or repeats along both, so the plan has as few axes as the broadcast
 * allows. The last axis is the run: `runLength` consecutive output elements, along which
 * input k steps by `runSteps[k]` (1, or 0 where it repeats). Same shapes give one run over
 * everything, a scalar gives one run with step 0, a per-channel [C,1,1] against [N,C,H,W]
 * gives runs of H*W with step 0; any other pattern is walked by the odometer in nextRun.
 */
export interface MultidirectionalBroadcast {
  /** The output shape. */
  readonly shape: readonly number[];
  readonly size: number;
  /** Merged axes before the run, outermost first. */
  readonly outerSizes: readonly number[];
  /** outerStrides[k][axis]: elements input k advances per step along outer axis `axis`. */
  readonly outerStrides: readonly (readonly number[])[];
  readonly runLength: number;
  readonly runSteps: readonly number[];
}

/**
 * The walk of `shapes` broadcast into `outShape` (by default their own broadcast shape), or
 * undefined when some input does not broadcast into it.
 */
export function planMultidirectionalBroadcast(
  shapes: readonly (readonly number[])[],
  outShape: readonly number[] | undefined = broadcastShapes(shapes),
): MultidirectionalBroadcast | undefined {
  if (outShape === undefined) return undefined;
  if (!shapes.every((shape) => unidirectionalBroadcastable(shape, outShape))) return undefined;
  const count = shapes.length;
  const rank = outShape.length;
  // Merged axes: size and, per input, whether it varies along them.
  const sizes: number[] = [];
  const varies: boolean[][] = [];
  for (let axis = 0; axis < rank; axis++) {
    const size = outShape[axis];
    if (size === 1) continue;
    const pattern = shapes.map((shape) => {
      const at = axis - (rank - shape.length);
      return at >= 0 && shape[at] !== 1;
    });
    const last = varies.length - 1;
    if (last >= 0 && pattern.every((v, k) => v === varies[last][k])) {
      sizes[last] *= size;
    } else {
      sizes.push(size);
      varies.push(pattern);
    }
  }
  if (sizes.length === 0) {
    // One element (or a scalar): every input has exactly one, so a step of 1 stays in bounds.
    return { shape: outShape, size: sizeOf(outShape), outerSizes: [], outerStrides: shapes.map(() => []), runLength: 1, runSteps: shapes.map(() => 1) };
  }
  const strides: number[][] = [];
  for (let k = 0; k < count; k++) {
    const row = new Array<number>(sizes.length).fill(0);
    let stride = 1;
    for (let axis = sizes.length - 1; axis >= 0; axis--) {
      if (!varies[axis][k]) continue;
      row[axis] = stride;
      stride *= sizes[axis];
    }
    strides.push(row);
  }
  const inner = sizes.length - 1;
  return {
    shape: outShape,
    size: sizeOf(outShape),
    outerSizes: sizes.slice(0, inner),
    outerStrides: strides.map((row) => row.slice(0, inner)),
    runLength: sizes[inner],
    runSteps: strides.map((row) => row[inner]),
  };
}

/** Position of a walk over a MultidirectionalBroadcast: the current run's start in each input. */
export interface RunCursor {
  readonly offsets: Int32Array;
  readonly counter: Int32Array;
}

export function startRuns(plan: MultidirectionalBroadcast): RunCursor {
  return { offsets: new Int32Array(plan.runSteps.length), counter: new Int32Array(plan.outerSizes.length) };
}

/** Moves the cursor to the next run: an odometer over the outer axes, last axis fastest. */
export function nextRun(plan: MultidirectionalBroadcast, cursor: RunCursor): void {
  const { offsets, counter } = cursor;
  const { outerSizes, outerStrides } = plan;
  for (let axis = outerSizes.length - 1; axis >= 0; axis--) {
    const wrapped = ++counter[axis] === outerSizes[axis];
    if (wrapped) counter[axis] = 0;
    for (let k = 0; k < offsets.length; k++) {
      const stride = outerStrides[k][axis];
      offsets[k] += wrapped ? stride * (1 - outerSizes[axis]) : stride;
    }
    if (!wrapped) return;
  }
}
