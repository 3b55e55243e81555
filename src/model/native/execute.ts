/**
 * Runs an execution plan: nodes in order over an array of value slots. An intermediate is
 * dropped after its last reader, and a kernel may write into an input it reads last, unless
 * another live value shares that input's memory (zero-copy ops such as Reshape alias their input)
 * or the memory belongs to the caller or the model (graph inputs, initializers).
 *
 * Runs are synchronous and never interleave, so each step's argument arrays are allocated once
 * (in the plan) and refilled on every run: a tiny model's run costs its kernels and little else.
 */
import { lendPool } from '../../kernels/bufferPool.js';
import { OpError } from '../../kernels/op.js';
import type { NativeTensor } from '../../kernels/tensor.js';
import type { ExecutionPlan } from './compile.js';

export function execute(plan: ExecutionPlan, feeds: readonly NativeTensor[], wanted: readonly number[]): NativeTensor[] {
  lendPool(plan.pool);
  try {
    return run(plan, feeds, wanted);
  } finally {
    lendPool(undefined);
    clearArguments(plan);
  }
}

function run(plan: ExecutionPlan, feeds: readonly NativeTensor[], wanted: readonly number[]): NativeTensor[] {
  const slots = new Array<NativeTensor | undefined>(plan.slotCount);
  for (const [slot, value] of plan.constants) slots[slot] = value;
  const { inputSlots, constantBuffers } = plan;
  for (let i = 0; i < inputSlots.length; i++) slots[inputSlots[i]] = feeds[i];
  // How many live intermediate slots hold each buffer.
  const holders = new Map<ArrayBufferLike, number>();
  const owned = (buffer: ArrayBufferLike): boolean => {
    if (constantBuffers.has(buffer)) return false;
    for (let i = 0; i < feeds.length; i++) if (feeds[i].data.buffer === buffer) return false;
    return true;
  };

  for (const step of plan.steps) {
    const { inputs, reusable, args } = step;
    for (let i = 0; i < inputs.length; i++) {
      const slot = inputs[i];
      const value = slot < 0 ? undefined : slots[slot];
      args[i] = value;
      reusable[i] = value !== undefined && step.lastReads.has(slot) && holders.get(value.data.buffer) === 1 && owned(value.data.buffer);
    }
    let results: NativeTensor[];
    try {
      results = step.kernel.run(args, reusable);
    } catch (err) {
      if (err instanceof OpError) throw err;
      throw new OpError(step.node, (err as Error).message);
    }
    // Outputs are counted before inputs are freed: an in-place or zero-copy result holds its
    // input's memory, which must not go back to the pool.
    const { outputs } = step;
    for (let i = 0; i < outputs.length; i++) {
      const slot = outputs[i];
      if (slot < 0) continue;
      const value = results[i];
      slots[slot] = value;
      const buffer = value.data.buffer;
      holders.set(buffer, (holders.get(buffer) ?? 0) + 1);
    }
    for (const slot of step.lastReads) {
      const value = slots[slot];
      if (value === undefined) continue;
      slots[slot] = undefined;
      const buffer = value.data.buffer;
      const left = (holders.get(buffer) ?? 1) - 1;
      if (left > 0) {
        holders.set(buffer, left);
      } else {
        holders.delete(buffer);
        // Nothing reads or aliases it any more: its memory serves a later allocation.
        if (owned(buffer)) plan.pool.give(value.data);
      }
    }
  }
  return wanted.map((slot) => slots[slot] as NativeTensor);
}

/** Drops the references the reused argument arrays still hold, so a run's tensors can be freed. */
function clearArguments(plan: ExecutionPlan): void {
  for (const step of plan.steps) step.args.fill(undefined);
}
