/**
 * Shared checks for the shape ops: axes (negative ones count from the end, as ONNX allows
 * since opset 11), integer inputs (shapes, axes, pads, starts) and row-major strides.
 */
import { OpError, type NodeInfo } from './op.js';
import { holdsInput, sameDims, shapeText, toIntegers, type NativeData, type NativeTensor } from './tensor.js';

type Where = Pick<NodeInfo, 'opType' | 'name'>;

/** `axis` in [-rank, rank - 1] mapped to [0, rank - 1]; throws naming the attribute. */
export function normalizeAxis(node: Where, axis: number, rank: number, what = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new OpError(node, `${what} ${axis} is out of range for rank ${rank} (allowed ${-rank}..${rank - 1})`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Every axis normalised; a repeated axis is an error. */
export function normalizeAxes(node: Where, axes: readonly number[], rank: number, what = 'axes'): number[] {
  const result = axes.map((a) => normalizeAxis(node, a, rank, what));
  if (new Set(result).size !== result.length) throw new OpError(node, `${what} [${axes.join(',')}] repeats an axis`);
  return result;
}

/** Reads an int64 or int32 input (a shape, axes, pads...) as plain integers. */
export function integersOf(node: Where, t: NativeTensor, what: string): number[] {
  if (t.type !== 'int64' && t.type !== 'int32') throw new OpError(node, `${what} must be int64, got ${t.type}`);
  if (t.shape.length > 1) throw new OpError(node, `${what} must be a 1-D tensor, got shape ${shapeText(t.shape)}`);
  return toIntegers(t);
}

/** Input `index` as integers when it is known at load, so that it is validated then. */
export function constantIntegers(node: NodeInfo, index: number, what: string): number[] | undefined {
  const known = node.constants[index];
  return known === undefined ? undefined : integersOf(node, known, what);
}

/** Input `index` as integers: the value known at load, else the one given at run. */
export function inputIntegers(
  node: Where,
  known: readonly number[] | undefined,
  inputs: readonly (NativeTensor | undefined)[],
  index: number,
  what: string,
): number[] | undefined {
  if (known !== undefined) return known as number[];
  const t = inputs[index];
  return t === undefined ? undefined : integersOf(node, t, what);
}

/** Row-major strides of a shape, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i];
  }
  return strides;
}

/** A tensor sharing `data`'s buffer under another shape (the executor tracks the aliasing). */
export function view(t: NativeTensor, shape: readonly number[]): NativeTensor {
  return { type: t.type, shape, data: t.data };
}

/** The single input an op needs at run; OpError when the executor left it out. */
export function required(node: Where, inputs: readonly (NativeTensor | undefined)[], index: number): NativeTensor {
  const t = inputs[index];
  if (t === undefined) throw new OpError(node, `input ${index} is required`);
  return t;
}

/**
 * A shape op's last result: the output shape for the last input shape and shape-like input
 * (axes, a target shape) seen. Fixed-size models run every node with the same ones, so a hit
 * skips the checks and the planning.
 */
class ShapeMemo {
  private from: readonly number[] | undefined;
  private values: readonly number[] | undefined;
  shape: readonly number[] = [];

  /**
   * Whether the stored shape holds for input shape `from` and the run's integer input `given`
   * (undefined when there is none, or when it was known at load).
   */
  hit(from: readonly number[], given: NativeTensor | undefined): boolean {
    return this.from !== undefined && sameDims(from, this.from) && holdsInput(given, this.values);
  }

  /** Records a result that passed every check; returns `shape`. */
  store(from: readonly number[], given: NativeTensor | undefined, shape: readonly number[]): readonly number[] {
    this.from = from.slice();
    this.values = given === undefined ? undefined : toIntegers(given);
    this.shape = shape;
    return shape;
  }
}

type Inputs = readonly (NativeTensor | undefined)[];

/**
 * The run of a kernel whose output is input 0 seen in another shape (Reshape, Flatten, Squeeze,
 * Unsqueeze): `shapeOf` computes and checks the shape, once per input shape and per value of the
 * integer input at `runtimeInput` (undefined when the kernel has none, or it was known at load).
 */
export function viewRun(
  node: NodeInfo,
  runtimeInput: number | undefined,
  shapeOf: (x: NativeTensor, inputs: Inputs) => readonly number[],
): (inputs: Inputs) => NativeTensor[] {
  const memo = new ShapeMemo();
  return (inputs) => {
    const x = required(node, inputs, 0);
    const given = runtimeInput === undefined ? undefined : inputs[runtimeInput];
    if (memo.hit(x.shape, given)) return [view(x, memo.shape)];
    return [view(x, memo.store(x.shape, given, shapeOf(x, inputs)))];
  };
}

/** Positions along the outer output axes, kept between calls (runs never re-enter). */
let odometer = new Int32Array(8);

/**
 * Strided copy into `out` in its row-major order: `out` has axes of sizes `dims`, and one step
 * along axis k moves `steps[k]` elements in `x`, from `start`. Slice and Transpose both reduce
 * to it. One loop along the last axis, an odometer over the others.
 */
export function stridedCopy(x: NativeData, out: NativeData, start: number, dims: Int32Array, steps: Float64Array): void {
  const n = out.length;
  if (n === 0) return;
  const rank = dims.length;
  if (rank === 0) {
    out[0] = x[start];
    return;
  }
  if (odometer.length < rank) odometer = new Int32Array(rank);
  const index = odometer;
  index.fill(0, 0, rank);
  const inner = dims[rank - 1];
  const innerStep = steps[rank - 1];
  for (let o = 0, src = start; o < n; ) {
    if (innerStep === 1) {
      for (let j = 0; j < inner; j++) out[o++] = x[src + j];
    } else {
      for (let j = 0, s = src; j < inner; j++, s += innerStep) out[o++] = x[s];
    }
    for (let k = rank - 2; k >= 0; k--) {
      src += steps[k];
      if (++index[k] < dims[k]) break;
      src -= steps[k] * dims[k];
      index[k] = 0;
    }
  }
}
