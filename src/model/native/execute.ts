/**
 * Runs an execution plan: nodes in order over an array of value slots. An intermediate is
 * dropped after its last reader, and a kernel may write into an input it reads last, unless
 * another live value shares that input's memory (zero-copy ops such as Reshape alias their input)
 * or the memory belongs to the caller or the model (graph inputs, initializers). Freed memory
 * that nothing aliases goes back to the plan's pool for later allocations.
 *
 * Sharing is tracked per slot: a kernel's output data is either a new array or the very array of
 * one of its inputs (a zero-copy or in-place result), never a view into an input's memory
 * (src/kernels/op.ts states that contract). So each slot has a root, the slot whose memory it
 * holds, and each root counts the live slots that hold it: plain integer arrays, no hashing.
 *
 * Runs are synchronous and never interleave, so the slot arrays and each step's argument arrays
 * are allocated once (in the plan) and reset after every run.
 */
import { lendPool } from '../../kernels/bufferPool.js';
import { OpError } from '../../kernels/op.js';
import type { NativeTensor } from '../../kernels/tensor.js';
import type { ExecutionPlan, PlanStep } from './compile.js';

export function execute(plan: ExecutionPlan, feeds: readonly NativeTensor[], wanted: readonly number[]): NativeTensor[] {
  const { slots, constants, inputSlots } = plan;
  for (const [slot, value] of constants) slots[slot] = value;
  for (let i = 0; i < feeds.length; i++) slots[inputSlots[i]] = feeds[i];
  lendPool(plan.pool);
  try {
    for (const step of plan.steps) runStep(plan, step);
    return wanted.map((slot) => slots[slot] as NativeTensor);
  } finally {
    lendPool(undefined);
    slots.fill(undefined);
    plan.holders.fill(0);
  }
}

function runStep(plan: ExecutionPlan, step: PlanStep): void {
  const { slots, roots, holders, fixed } = plan;
  const { inputs, readsLast, reusable, args } = step;
  for (let i = 0; i < inputs.length; i++) {
    const slot = inputs[i];
    const value = slot < 0 ? undefined : slots[slot];
    args[i] = value;
    reusable[i] = value !== undefined && readsLast[i] && fixed[roots[slot]] === 0 && holders[roots[slot]] === 1;
  }
  let results: NativeTensor[];
  try {
    results = step.kernel.run(args, reusable);
  } catch (err) {
    args.fill(undefined);
    if (err instanceof OpError) throw err;
    throw new OpError(step.node, (err as Error).message);
  }
  // Outputs are counted before inputs are freed: an in-place or zero-copy result holds its
  // input's memory, which must not go back to the pool.
  const { outputs, lastReads } = step;
  for (let i = 0; i < outputs.length; i++) {
    const slot = outputs[i];
    if (slot < 0) continue;
    const data = results[i].data;
    slots[slot] = results[i];
    let root = slot;
    for (let j = 0; j < args.length; j++) {
      if (args[j]?.data === data) {
        root = roots[inputs[j]];
        break;
      }
    }
    roots[slot] = root;
    holders[root] += 1;
  }
  args.fill(undefined);
  for (let i = 0; i < lastReads.length; i++) {
    const slot = lastReads[i];
    const value = slots[slot];
    if (value === undefined) continue;
    slots[slot] = undefined;
    const root = roots[slot];
    holders[root] -= 1;
    // Nothing reads or aliases it any more: its memory serves a later allocation.
    if (holders[root] === 0 && fixed[root] === 0) plan.pool.give(value.data);
  }
}
