/**
 * Runs an execution plan: nodes in order over an array of value slots. An intermediate is
 * dropped after its last reader, and a kernel may write into an input it reads last, unless
 * another live value shares that input's memory (zero-copy ops such as Reshape alias their input)
 * or the memory belongs to the caller or the model (graph inputs, initializers). Freed memory
 * that nothing aliases goes back to the plan's pool for later allocations.
 *
 * Sharing is tracked by data array: a kernel's output data is either a new array or the very
 * array of one of its inputs (a zero-copy or in-place result), never a view into an input's
 * memory (src/kernels/op.ts states that contract), so the array identifies the memory.
 *
 * Runs are synchronous and never interleave, so each step's argument arrays are allocated once
 * (in the plan) and refilled on every run: a tiny model's run costs its kernels and little else.
 */
import { lendPool } from '../../kernels/bufferPool.js';
import { OpError } from '../../kernels/op.js';
import type { NativeData, NativeTensor } from '../../kernels/tensor.js';
import type { ExecutionPlan, PlanStep } from './compile.js';

export function execute(plan: ExecutionPlan, feeds: readonly NativeTensor[], wanted: readonly number[]): NativeTensor[] {
  lendPool(plan.pool);
  try {
    return new Run(plan, feeds).all(wanted);
  } finally {
    lendPool(undefined);
  }
}

class Run {
  private readonly slots: (NativeTensor | undefined)[];
  /** How many live intermediate slots hold each data array. */
  private readonly holders = new Map<NativeData, number>();

  constructor(
    private readonly plan: ExecutionPlan,
    private readonly feeds: readonly NativeTensor[],
  ) {
    this.slots = new Array<NativeTensor | undefined>(plan.slotCount);
    for (const [slot, value] of plan.constants) this.slots[slot] = value;
    for (let i = 0; i < feeds.length; i++) this.slots[plan.inputSlots[i]] = feeds[i];
  }

  all(wanted: readonly number[]): NativeTensor[] {
    for (const step of this.plan.steps) this.step(step);
    return wanted.map((slot) => this.slots[slot] as NativeTensor);
  }

  /** Memory the run may write into or pool: neither the caller's nor the model's. */
  private owned(data: NativeData): boolean {
    if (this.plan.constantData.has(data)) return false;
    for (let i = 0; i < this.feeds.length; i++) if (this.feeds[i].data === data) return false;
    return true;
  }

  private step(step: PlanStep): void {
    const { slots, holders } = this;
    const { inputs, readsLast, reusable, args } = step;
    for (let i = 0; i < inputs.length; i++) {
      const slot = inputs[i];
      const value = slot < 0 ? undefined : slots[slot];
      args[i] = value;
      reusable[i] = value !== undefined && readsLast[i] && holders.get(value.data) === 1 && this.owned(value.data);
    }
    let results: NativeTensor[];
    try {
      results = step.kernel.run(args, reusable);
    } catch (err) {
      if (err instanceof OpError) throw err;
      throw new OpError(step.node, (err as Error).message);
    } finally {
      args.fill(undefined);
    }
    // Outputs are counted before inputs are freed: an in-place or zero-copy result holds its
    // input's memory, which must not go back to the pool.
    const { outputs, lastReads } = step;
    for (let i = 0; i < outputs.length; i++) {
      const slot = outputs[i];
      if (slot < 0) continue;
      const value = results[i];
      slots[slot] = value;
      holders.set(value.data, (holders.get(value.data) ?? 0) + 1);
    }
    for (let i = 0; i < lastReads.length; i++) {
      const slot = lastReads[i];
      const value = slots[slot];
      if (value === undefined) continue;
      slots[slot] = undefined;
      const data = value.data;
      const left = (holders.get(data) ?? 1) - 1;
      if (left > 0) {
        holders.set(data, left);
      } else {
        holders.delete(data);
        // Nothing reads or aliases it any more: its memory serves a later allocation.
        if (this.owned(data)) this.plan.pool.give(data);
      }
    }
  }
}
