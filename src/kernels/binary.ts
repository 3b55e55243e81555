/**
 * The op layer shared by two-input elementwise ops (Add, Sub, Mul, Div, Pow, Equal) and the
 * variadic Max and Min: types checked at load, multidirectional broadcasting planned per run
 * (./broadcast.ts), in place when allowed. Each op supplies its loops over one run of the
 * broadcast, in three forms so that no element pays for a stride multiply or a callback.
 */
import { broadcastShapes, nextRun, planMultidirectionalBroadcast, startRuns } from './broadcast.js';
import type { MultidirectionalBroadcast, RunCursor } from './broadcast.js';
import { expectSameTypes, required, reuseOrAllocate, sameShape } from './elementwise.js';
import { OpError, expectInputs, expectType, type NodeInfo, type OpKernel } from './op.js';
import { sameDims, shapeText, type ElemType, type NativeData, type NativeTensor } from './tensor.js';

/** One run of n output elements starting at out[o]. */
export interface BinaryLoops {
  /** Both inputs step along the run. */
  both(a: NativeData, ia: number, b: NativeData, ib: number, out: NativeData, o: number, n: number): void;
  /** A steps, B repeats the value `b`. */
  left(a: NativeData, ia: number, b: number, out: NativeData, o: number, n: number): void;
  /** A repeats the value `a`, B steps. */
  right(a: number, b: NativeData, ib: number, out: NativeData, o: number, n: number): void;
}

/**
 * Runs `loops` over a two-input broadcast plan, writing plan.size elements of `out`. A kernel
 * that keeps its plan passes a cursor kept with it, so a run allocates nothing.
 */
export function runBinary(
  loops: BinaryLoops, a: NativeData, b: NativeData, out: NativeData, plan: MultidirectionalBroadcast, cursor?: RunCursor,
): void {
  const n = plan.runLength;
  const steps = plan.runSteps;
  const stepA = steps[0];
  const stepB = steps[1];
  // Both steps are never 0: some input must vary along the run's axes.
  if (plan.outerSizes.length === 0) {
    if (stepA === stepB) loops.both(a, 0, b, 0, out, 0, n);
    else if (stepA === 1) loops.left(a, 0, b[0], out, 0, n);
    else loops.right(a[0], b, 0, out, 0, n);
    return;
  }
  const walk = cursor ?? startRuns(plan);
  const { offsets } = walk;
  offsets.fill(0);
  walk.counter.fill(0);
  for (let o = 0; o < plan.size; o += n) {
    if (stepA === stepB) loops.both(a, offsets[0], b, offsets[1], out, o, n);
    else if (stepA === 1) loops.left(a, offsets[0], b[offsets[1]], out, o, n);
    else loops.right(a[offsets[0]], b, offsets[1], out, o, n);
    nextRun(plan, walk);
  }
}

/**
 * A kernel's last broadcast plan and the input shapes it was made for: a run with the same
 * shapes (every run, for a fixed-size model) skips the planning. Holds the plan's cursor.
 */
export class PlanCache {
  private shapes: (readonly number[] | undefined)[] = [];
  plan: MultidirectionalBroadcast | undefined;
  cursor: RunCursor | undefined;

  /** Whether the cached plan was made for these shapes (`c` for three-input ops). */
  has(a: readonly number[], b: readonly number[], c?: readonly number[]): boolean {
    const [sa, sb, sc] = this.shapes;
    if (this.plan === undefined || sa === undefined || sb === undefined || !sameDims(a, sa) || !sameDims(b, sb)) return false;
    return c === undefined ? sc === undefined : sc !== undefined && sameDims(c, sc);
  }

  store(plan: MultidirectionalBroadcast, a: readonly number[], b: readonly number[], c?: readonly number[]): MultidirectionalBroadcast {
    this.shapes = [a.slice(), b.slice(), c?.slice()];
    this.plan = plan;
    this.cursor = startRuns(plan);
    return plan;
  }
}

export interface BinaryOpSpec {
  /** Types the inputs may have; both share one type unless `mixedTypes` says otherwise. */
  readonly types: readonly ElemType[];
  /** Types input 1 may have when it need not match input 0 (Pow from opset 12). */
  readonly mixedTypes?: readonly ElemType[];
  /** The loops for an output of input 0's type `type`. */
  loops(type: ElemType): BinaryLoops;
  /** Output type for input type `type`; the input type by default. */
  readonly outputType?: (type: ElemType) => ElemType;
  /** Checks the inputs before computing; returns a problem to throw, or undefined. */
  readonly check?: (a: NativeTensor, b: NativeTensor, type: ElemType) => string | undefined;
}

/** The broadcast plan or the OpError naming both shapes. */
export function planOrThrow(node: Pick<NodeInfo, 'opType' | 'name'>, shapes: readonly (readonly number[])[], outShape?: readonly number[]): MultidirectionalBroadcast {
  const plan = planMultidirectionalBroadcast(shapes, outShape ?? broadcastShapes(shapes));
  if (plan === undefined) {
    throw new OpError(node, `shapes ${shapes.map(shapeText).join(' and ')} do not broadcast`);
  }
  return plan;
}

/**
 * Before opset 7 Add, Sub, Mul, Div, Pow and Equal did not broadcast unless the `broadcast`
 * attribute was 1; then B, a contiguous run of A's axes starting at `axis` (or its suffix),
 * repeats over A. Returns how to reshape B for the numpy walk, from A's and B's shapes.
 * https://github.com/onnx/onnx/blob/main/docs/Changelog.md#Add-6
 */
function legacyBroadcast(node: NodeInfo): (aShape: readonly number[], bShape: readonly number[]) => readonly number[] {
  const enabled = node.attributes.int('broadcast', 0) !== 0;
  const axisAttribute = node.attributes.int('axis');
  return (aShape, bShape) => {
    if (!enabled) {
      if (!sameShape(aShape, bShape)) throw new OpError(node, `shapes ${shapeText(aShape)} and ${shapeText(bShape)} differ and broadcast is 0`);
      return bShape;
    }
    if (bShape.length === 1 && bShape[0] === 1) return [];
    let axis = axisAttribute ?? aShape.length - bShape.length;
    if (axis < 0) axis += aShape.length;
    const fits = axis >= 0 && axis + bShape.length <= aShape.length && bShape.every((size, k) => size === 1 || size === aShape[axis + k]);
    if (!fits) throw new OpError(node, `B shape ${shapeText(bShape)} does not match A shape ${shapeText(aShape)} at axis ${axis}`);
    return [...bShape, ...new Array<number>(aShape.length - axis - bShape.length).fill(1)];
  };
}

/** Inputs a two-input op may write its result into. */
const REUSE_EITHER: readonly number[] = [0, 1];

/** A two-input elementwise kernel: C = op(A, B) with numpy broadcasting (legacy before opset 7). */
export function createBinaryKernel(node: NodeInfo, spec: BinaryOpSpec): OpKernel {
  expectInputs(node, 2, 2);
  const type = expectType(node, 0, spec.types);
  if (spec.mixedTypes === undefined) {
    expectSameTypes(node, [0, 1]);
  } else {
    expectType(node, 1, spec.mixedTypes);
  }
  const outputType = spec.outputType?.(type) ?? type;
  const loops = spec.loops(type);
  const reshapeB = node.opset < 7 ? legacyBroadcast(node) : undefined;
  const check = spec.check;
  const cache = new PlanCache();
  return {
    outputTypes: [outputType],
    run(inputs, reusable) {
      const a = required(node, inputs, 0);
      const b = required(node, inputs, 1);
      if (check !== undefined) {
        const problem = check(a, b, type);
        if (problem !== undefined) throw new OpError(node, problem);
      }
      let plan = cache.plan;
      if (plan === undefined || !cache.has(a.shape, b.shape)) {
        const bShape = reshapeB === undefined ? b.shape : reshapeB(a.shape, b.shape);
        plan = cache.store(planOrThrow(node, [a.shape, bShape]), a.shape, b.shape);
      }
      const out = reuseOrAllocate(inputs, reusable, REUSE_EITHER, outputType, plan.shape);
      if (plan.size > 0) runBinary(loops, a.data, b.data, out.data, plan, cache.cursor);
      return [out];
    },
  };
}

/**
 * Max and Min: one to N inputs of one type, broadcast together. The output starts as op of the
 * first two inputs, then takes each further input in turn (out = op(out, input k)), so only
 * those first two may lend their storage.
 */
export function createVariadicKernel(node: NodeInfo, types: readonly ElemType[], loops: BinaryLoops): OpKernel {
  const count = node.inputTypes.length;
  if (count < 1) throw new OpError(node, 'expects at least 1 input, got 0');
  const indices = Array.from({ length: count }, (_, i) => i);
  for (const i of indices) expectType(node, i, types);
  expectSameTypes(node, indices);
  const type = node.inputTypes[0] as ElemType;
  const reuse = count === 1 ? [0] : [0, 1];
  // The plan of the first two inputs, for the shapes seen last.
  const cache = new PlanCache();
  return {
    outputTypes: [type],
    run(inputs, reusable) {
      const all = indices.map((i) => required(node, inputs, i));
      let shape: readonly number[] | undefined;
      if (count === 2 && cache.plan !== undefined && cache.has(all[0].shape, all[1].shape)) shape = cache.plan.shape;
      else shape = broadcastShapes(all.map((t) => t.shape));
      if (shape === undefined) throw new OpError(node, `shapes ${all.map((t) => shapeText(t.shape)).join(' and ')} do not broadcast`);
      const out = reuseOrAllocate(inputs, reusable, reuse, type, shape);
      if (out.data.length === 0) return [out];
      if (count === 1) {
        if (out.data !== all[0].data) out.data.set(all[0].data as never);
        return [out];
      }
      let plan = cache.plan;
      // With more inputs the output shape may come from a later one: the plan must match it too.
      if (plan === undefined || !cache.has(all[0].shape, all[1].shape) || !sameDims(plan.shape, shape)) {
        plan = cache.store(planOrThrow(node, [all[0].shape, all[1].shape], shape), all[0].shape, all[1].shape);
      }
      runBinary(loops, all[0].data, all[1].data, out.data, plan, cache.cursor);
      for (let k = 2; k < count; k++) {
        runBinary(loops, out.data, all[k].data, out.data, planOrThrow(node, [shape, all[k].shape], shape));
      }
      return [out];
    },
  };
}
