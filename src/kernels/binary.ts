/**
 * The op layer shared by two-input elementwise ops (Add, Sub, Mul, Div, Pow, Equal) and the
 * variadic Max and Min: types checked at load, multidirectional broadcasting planned per run
 * (./broadcast.ts), in place when allowed. Each op supplies its loops over one run of the
 * broadcast, in three forms so that no element pays for a stride multiply or a callback.
 */
import { broadcastShapes, nextRun, planMultidirectionalBroadcast, startRuns } from './broadcast.js';
import type { MultidirectionalBroadcast } from './broadcast.js';
import { expectSameTypes, required, reuseOrAllocate, sameShape } from './elementwise.js';
import { OpError, expectInputs, expectType, type NodeInfo, type OpKernel } from './op.js';
import { shapeText, type ElemType, type NativeData, type NativeTensor } from './tensor.js';

/** One run of n output elements starting at out[o]. */
export interface BinaryLoops {
  /** Both inputs step along the run. */
  both(a: NativeData, ia: number, b: NativeData, ib: number, out: NativeData, o: number, n: number): void;
  /** A steps, B repeats the value `b`. */
  left(a: NativeData, ia: number, b: number, out: NativeData, o: number, n: number): void;
  /** A repeats the value `a`, B steps. */
  right(a: number, b: NativeData, ib: number, out: NativeData, o: number, n: number): void;
}

/** Runs `loops` over a two-input broadcast plan, writing plan.size elements of `out`. */
export function runBinary(loops: BinaryLoops, a: NativeData, b: NativeData, out: NativeData, plan: MultidirectionalBroadcast): void {
  const cursor = startRuns(plan);
  const { offsets } = cursor;
  const n = plan.runLength;
  const [stepA, stepB] = plan.runSteps;
  for (let o = 0; o < plan.size; o += n) {
    // Both steps are never 0: some input must vary along the run's axes.
    if (stepA === stepB) loops.both(a, offsets[0], b, offsets[1], out, o, n);
    else if (stepA === 1) loops.left(a, offsets[0], b[offsets[1]], out, o, n);
    else loops.right(a[offsets[0]], b, offsets[1], out, o, n);
    nextRun(plan, cursor);
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
  return {
    outputTypes: [outputType],
    run(inputs, reusable) {
      const a = required(node, inputs, 0);
      const b = required(node, inputs, 1);
      const problem = spec.check?.(a, b, type);
      if (problem !== undefined) throw new OpError(node, problem);
      const bShape = reshapeB === undefined ? b.shape : reshapeB(a.shape, b.shape);
      const plan = planOrThrow(node, [a.shape, bShape]);
      const out = reuseOrAllocate(inputs, reusable, [0, 1], outputType, plan.shape);
      if (plan.size > 0) runBinary(loops, a.data, b.data, out.data, plan);
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
  return {
    outputTypes: [type],
    run(inputs, reusable) {
      const all = indices.map((i) => required(node, inputs, i));
      const shape = broadcastShapes(all.map((t) => t.shape));
      if (shape === undefined) throw new OpError(node, `shapes ${all.map((t) => shapeText(t.shape)).join(' and ')} do not broadcast`);
      const out = reuseOrAllocate(inputs, reusable, count === 1 ? [0] : [0, 1], type, shape);
      if (out.data.length === 0) return [out];
      if (count === 1) {
        if (out.data !== all[0].data) out.data.set(all[0].data as never);
        return [out];
      }
      runBinary(loops, all[0].data, all[1].data, out.data, planOrThrow(node, [all[0].shape, all[1].shape], shape));
      for (let k = 2; k < count; k++) {
        runBinary(loops, out.data, all[k].data, out.data, planOrThrow(node, [shape, all[k].shape], shape));
      }
      return [out];
    },
  };
}
