/**
 * Where: out = condition ? X : Y, the three broadcast together (numpy rules).
 * https://onnx.ai/onnx/operators/onnx__Where.html
 *
 * condition is bool; X and Y share any supported type, which the output takes.
 */
import { nextRun, startRuns, type MultidirectionalBroadcast, type RunCursor } from './broadcast.js';
import { PlanCache, planOrThrow } from './binary.js';
import { ALL_TYPES, expectSameTypes, required, reuseOrAllocate } from './elementwise.js';
import { expectInputs, expectType, type OpFactory } from './op.js';
import type { NativeData } from './tensor.js';

/** Writes plan.size elements of `out`; `out` may be X or Y when it has their shape. */
export function where(
  condition: Uint8Array, x: NativeData, y: NativeData, out: NativeData, plan: MultidirectionalBroadcast, cursor: RunCursor = startRuns(plan),
): void {
  const { offsets } = cursor;
  offsets.fill(0);
  cursor.counter.fill(0);
  const n = plan.runLength;
  const [stepC, stepX, stepY] = plan.runSteps;
  for (let o = 0; o < plan.size; o += n) {
    const ic = offsets[0];
    const ix = offsets[1];
    const iy = offsets[2];
    if (stepC === 1 && stepX === 1 && stepY === 1) {
      for (let j = 0; j < n; j++) out[o + j] = condition[ic + j] !== 0 ? x[ix + j] : y[iy + j];
    } else {
      // Steps are 0 or 1: a repeated input reads one element for the whole run.
      for (let j = 0; j < n; j++) out[o + j] = condition[ic + j * stepC] !== 0 ? x[ix + j * stepX] : y[iy + j * stepY];
    }
    nextRun(plan, cursor);
  }
}

/** X, then Y, then the condition (bool) may lend their storage. */
const REUSE_ORDER: readonly number[] = [1, 2, 0];

export const createWhere: OpFactory = (node) => {
  expectInputs(node, 3, 3);
  expectType(node, 0, ['bool']);
  const type = expectType(node, 1, ALL_TYPES);
  expectSameTypes(node, [1, 2]);
  // The plan for the shapes seen last: a run with the same shapes skips the planning.
  const cache = new PlanCache();
  return {
    outputTypes: [type],
    run(inputs, reusable) {
      const condition = required(node, inputs, 0);
      const x = required(node, inputs, 1);
      const y = required(node, inputs, 2);
      let plan = cache.plan;
      if (plan === undefined || !cache.has(condition.shape, x.shape, y.shape)) {
        plan = cache.store(planOrThrow(node, [condition.shape, x.shape, y.shape]), condition.shape, x.shape, y.shape);
      }
      // The condition is bool: it may lend its storage only when X and Y are bool too.
      const out = reuseOrAllocate(inputs, reusable, REUSE_ORDER, type, plan.shape);
      if (plan.size > 0) where(condition.data as Uint8Array, x.data, y.data, out.data, plan, cache.cursor);
      return [out];
    },
  };
};
