/**
 * Runs an execution plan: nodes in order over an array of value slots. An intermediate is
 * dropped after its last reader, and a kernel may write into an input it reads last, unless
 * another live value shares that input's memory (zero-copy ops such as Reshape alias their input)
 * or the memory belongs to the caller or the model (graph inputs, initializers).
 */
import { OpError } from '../../kernels/op.js';
import type { NativeTensor } from '../../kernels/tensor.js';
import type { ExecutionPlan } from './compile.js';

export function execute(plan: ExecutionPlan, feeds: readonly NativeTensor[], wanted: readonly number[]): NativeTensor[] {
  const slots: (NativeTensor | undefined)[] = new Array(plan.slotCount);
  const protectedBuffers = new Set<ArrayBufferLike>();
  for (const [slot, value] of plan.constants) {
    slots[slot] = value;
    protectedBuffers.add(value.data.buffer);
  }
  plan.inputSlots.forEach((slot, i) => {
    slots[slot] = feeds[i];
    protectedBuffers.add(feeds[i].data.buffer);
  });
  // How many live intermediate slots hold each buffer.
  const holders = new Map<ArrayBufferLike, number>();

  for (const step of plan.steps) {
    const inputs = step.inputs.map((slot) => (slot < 0 ? undefined : slots[slot]));
    const reusable = step.inputs.map((slot, i) => {
      const value = inputs[i];
      if (value === undefined || !step.lastReads.has(slot)) return false;
      const buffer = value.data.buffer;
      return !protectedBuffers.has(buffer) && holders.get(buffer) === 1;
    });
    let results: NativeTensor[];
    try {
      results = step.kernel.run(inputs, reusable);
    } catch (err) {
      if (err instanceof OpError) throw err;
      throw new OpError(step.node, (err as Error).message);
    }
    for (const slot of step.lastReads) {
      const value = slots[slot];
      if (value === undefined) continue;
      slots[slot] = undefined;
      const buffer = value.data.buffer;
      const left = (holders.get(buffer) ?? 1) - 1;
      if (left > 0) holders.set(buffer, left);
      else holders.delete(buffer);
    }
    step.outputs.forEach((slot, i) => {
      if (slot < 0) return;
      const value = results[i];
      slots[slot] = value;
      const buffer = value.data.buffer;
      if (!protectedBuffers.has(buffer)) holders.set(buffer, (holders.get(buffer) ?? 0) + 1);
    });
  }
  return wanted.map((slot) => slots[slot] as NativeTensor);
}
